package io.roost.server.ipfilter;

import io.roost.core.ipfilter.IpFilter;
import io.roost.core.ipfilter.IpFilterRule;
import io.roost.server.config.ListenerName;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Asks the IP filter in force whether a new connection may go on, and reports the ones it may not.
 * A listener asks once per accepted connection, before any handler sees a byte. Thread-safe and
 * lock-free; called on event loops.
 */
public final class IpFilterGate {

    private final IpFilter filter;
    private final IpFilterRejections rejections;

    public IpFilterGate(IpFilter filter, IpFilterRejections rejections) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
    }

    /**
     * @return false when a reject rule matched the remote address (counted and reported here; the
     *     caller closes the connection); true otherwise, also for a channel without an IP address
     */
    public boolean admits(ListenerName listener, SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return true;
        }
        IpFilterRule rule = filter.rejecting(inet.getAddress());
        if (rule == null) {
            return true;
        }
        rejections.rejected(listener, rule, inet);
        return false;
    }
}
