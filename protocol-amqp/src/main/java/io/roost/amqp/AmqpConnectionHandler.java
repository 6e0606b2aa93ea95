package io.roost.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportResult;

/**
 * Runs one connection's Proton-J engine on the channel's event loop: bytes read go into the
 * transport's tail, the collector's events are dispatched (sessions, links, deliveries), and the
 * transport's pending output is written to the channel. Asynchronous steps (authentication, log
 * appends, C2D queue calls) come back through {@link #execute(Runnable)}, which processes the engine
 * again and flushes. Who the connection is authorized for lives in {@link ConnectionAuthorizations},
 * its links in {@link ConnectionLinks}, and what an attach becomes is decided by
 * {@link LinkAttachRouter}.
 *
 * <p>Not sharable; confined to the channel's event loop.
 */
final class AmqpConnectionHandler extends ChannelInboundHandlerAdapter {

    private final AmqpEndpoint endpoint;
    private final AmqpOperationsLog operations;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final ConnectionLinks links = new ConnectionLinks();
    private final ConnectionAuthorizations authorizations = new ConnectionAuthorizations(this);
    private final LinkAttachRouter router;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> tick;
    private long tickDeadline;
    private int sessions;
    private boolean closing;
    private boolean ended;

    AmqpConnectionHandler(AmqpEndpoint endpoint, AmqpOperationsLog operations) {
        this.endpoint = endpoint;
        this.operations = operations;
        this.router = new LinkAttachRouter(this);
        transport.setMaxFrameSize(AmqpLimits.MAX_FRAME_BYTES);
        transport.setChannelMax(AmqpLimits.MAX_SESSIONS - 1);
        new SaslServer(this).install(transport.sasl());
        connection.collect(collector);
        transport.bind(connection);
    }

    AmqpEndpoint endpoint() {
        return endpoint;
    }

    AmqpOperationsLog operations() {
        return operations;
    }

    ConnectionLinks links() {
        return links;
    }

    ConnectionAuthorizations authorizations() {
        return authorizations;
    }

    SocketAddress remote() {
        return ctx.channel().remoteAddress();
    }

    Channel channel() {
        return ctx.channel();
    }

    /** The event loop this connection is confined to. */
    EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Behind a WebSocket upgrade the channel is active already: no channelActive follows.
        if (ctx.channel().isActive()) {
            authorizations.startTimeout();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        authorizations.startTimeout();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof ByteBuf in) || ended) {
                return;
            }
            while (in.isReadable()) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    // The transport takes no more input (it failed or closed): drop the rest.
                    in.skipBytes(in.readableBytes());
                    break;
                }
                int length = Math.min(capacity, in.readableBytes());
                transport.tail().put(in.nioBuffer(in.readerIndex(), length));
                in.skipBytes(length);
                TransportResult result = transport.processInput();
                if (!result.isOk()) {
                    protocolError(result.getErrorDescription());
                    in.skipBytes(in.readableBytes());
                    break;
                }
            }
            pump();
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Runs {@code task} on the event loop unless the connection ended, then processes the engine and flushes. */
    void execute(Runnable task) {
        ctx.executor().execute(() -> {
            if (ended) {
                return;
            }
            task.run();
            pump();
        });
    }

    /** Dispatches the engine's events and writes its output, until neither has more. */
    void pump() {
        if (ended) {
            return;
        }
        do {
            for (Event event; (event = collector.peek()) != null; collector.pop()) {
                dispatch(event);
            }
            writeOutput();
        } while (collector.peek() != null);
    }

    private void writeOutput() {
        boolean wrote = false;
        while (true) {
            int pending = transport.pending();
            if (pending < 0) {
                // Head closed: everything the engine will ever say is written.
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                ended = true;
                return;
            }
            if (pending == 0) {
                break;
            }
            ByteBuffer head = transport.head();
            ByteBuf out = ctx.alloc().buffer(pending);
            ByteBuffer slice = head.duplicate();
            slice.limit(slice.position() + pending);
            out.writeBytes(slice);
            transport.pop(pending);
            ctx.write(out);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (closing) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            ended = true;
            return;
        }
        scheduleTick();
    }

    /** Idle-timeout keep-alives: Proton asks to be ticked by a deadline when the peer set one. */
    private void scheduleTick() {
        long now = System.nanoTime() / 1_000_000;
        long deadline = transport.tick(now);
        if (deadline == 0 || (tick != null && !tick.isDone() && tickDeadline <= deadline)) {
            return;
        }
        if (tick != null) {
            tick.cancel(false);
        }
        tickDeadline = deadline;
        tick = ctx.executor().schedule(this::pump, Math.max(1, deadline - now), TimeUnit.MILLISECONDS);
    }

    private void dispatch(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> {
                connection.setContainer("roost");
                connection.open();
            }
            case CONNECTION_REMOTE_CLOSE -> connection.close();
            case SESSION_REMOTE_OPEN -> sessionOpened(event.getSession());
            case SESSION_REMOTE_CLOSE -> {
                Session session = event.getSession();
                if (session.getContext() != null) {
                    sessions--;
                }
                session.close();
            }
            case LINK_REMOTE_OPEN -> router.attached(event.getLink());
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> links.ended(event.getLink());
            case LINK_FLOW -> {
                if (event.getLink().getContext() instanceof LinkHandler handler) {
                    handler.flow();
                }
            }
            case DELIVERY -> {
                if (event.getLink().getContext() instanceof LinkHandler handler) {
                    handler.delivery(event.getDelivery());
                }
            }
            case TRANSPORT_ERROR -> {
                ErrorCondition condition = transport.getCondition();
                protocolError(condition == null ? "transport error" : condition.getDescription());
            }
            default -> {
            }
        }
    }

    private void sessionOpened(Session session) {
        if (sessions >= AmqpLimits.MAX_SESSIONS) {
            session.setCondition(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
                    "at most " + AmqpLimits.MAX_SESSIONS + " sessions per connection"));
            session.open();
            session.close();
            return;
        }
        sessions++;
        session.setContext(Boolean.TRUE);
        session.open();
    }

    /** The C2D queue of the device may have a message now. */
    void c2dAvailable(String deviceId) {
        for (LinkHandler handler : links.snapshot()) {
            if (handler instanceof C2dLink c2d && deviceId.equals(c2d.deviceId())) {
                c2d.available();
            }
        }
    }

    /** C2D links stop taking messages while the channel's outbound buffer is full; they resume here. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable() && !ended) {
            for (LinkHandler handler : links.snapshot()) {
                if (handler instanceof C2dLink c2d) {
                    c2d.available();
                }
            }
            pump();
        }
        super.channelWritabilityChanged(ctx);
    }

    void authFailed(String deviceId, String reason) {
        operations.authFailed(deviceId, remote(), reason);
        endpoint.metrics().authenticationFailed();
    }

    /** Closes the AMQP connection with a condition, then the channel once the close frame is written. */
    void close(Symbol condition, String description) {
        connection.setCondition(new ErrorCondition(condition, description));
        connection.close();
        closing = true;
    }

    /** Closes the channel once what the engine has to say is written (SASL outcome, close frame). */
    void closeAfterOutput() {
        closing = true;
    }

    /** Closes the channel now, without an AMQP close. */
    void closeChannel() {
        ctx.close();
    }

    private void protocolError(String description) {
        operations.protocolError(remote(), description);
        closing = true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ended = true;
        links.connectionEnded();
        authorizations.connectionEnded();
        if (tick != null) {
            tick.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
