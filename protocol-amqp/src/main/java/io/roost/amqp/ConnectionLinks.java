package io.roost.amqp;

import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;

/**
 * The links one connection has attached, each with its {@link LinkHandler} kept as the Proton link's
 * context: added when an attach is accepted, removed when either side ends the link or the
 * connection ends. Not thread-safe; confined to the connection's event loop.
 */
final class ConnectionLinks {

    private final List<LinkHandler> links = new ArrayList<>();

    int size() {
        return links.size();
    }

    /** A snapshot of the open links, safe to iterate while links close. */
    List<LinkHandler> snapshot() {
        return List.copyOf(links);
    }

    void add(LinkHandler handler) {
        handler.link().setContext(handler);
        links.add(handler);
    }

    /** The peer detached or closed the link: its handler gives back what it holds; our side closes too. */
    void ended(Link link) {
        if (link.getContext() instanceof LinkHandler handler) {
            links.remove(handler);
            handler.closed();
            link.setContext(null);
        }
        if (link.getLocalState() != EndpointState.CLOSED) {
            link.close();
        }
    }

    /** Closes a link this side decided to end, with the condition. */
    void close(LinkHandler handler, Symbol condition, String description) {
        links.remove(handler);
        handler.closed();
        handler.link().setContext(null);
        handler.link().setCondition(new ErrorCondition(condition, description));
        handler.link().close();
    }

    /** The connection ended: every handler gives back what it holds. */
    void connectionEnded() {
        for (LinkHandler handler : List.copyOf(links)) {
            handler.closed();
        }
        links.clear();
    }

    /** Answers the attach and detaches at once with the condition (AMQP 1.0 section 2.6.3). */
    static void refuse(Link link, Symbol condition, String description) {
        if (link instanceof Receiver) {
            link.setTarget(null);
        } else {
            link.setSource(null);
        }
        link.setCondition(new ErrorCondition(condition, description));
        link.open();
        link.close();
    }
}
