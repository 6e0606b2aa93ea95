package io.roost.server.listener;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty event loops shared by every listener: one acceptor thread and a worker group sized
 * by Netty to the CPUs, on Linux's native epoll transport when it loads (it costs less CPU per
 * message than NIO when many connections each send a little), else on NIO. Shutdown waits a short
 * quiet period for in-flight responses, bounded so a SIGTERM finishes within the server's stop
 * budget. Thread-safe.
 */
public final class EventLoops implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);
    private static final long QUIET_PERIOD_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2000;

    /** Set to {@code nio} to use NIO even where epoll loads, e.g. to compare the two. */
    static final String TRANSPORT_PROPERTY = "roost.transport";

    private final boolean epoll = Epoll.isAvailable() && !"nio".equals(System.getProperty(TRANSPORT_PROPERTY));
    private final EventLoopGroup acceptors = new MultiThreadIoEventLoopGroup(1, ioHandlers());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(ioHandlers());

    public EventLoops() {
        LOG.info("network transport: {}", epoll ? "epoll" : "nio");
    }

    private IoHandlerFactory ioHandlers() {
        return epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The server socket channel type of this transport. */
    public Class<? extends ServerChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public EventLoopGroup acceptors() {
        return acceptors;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    @Override
    public void close() {
        Future<?> acceptorsDone = acceptors.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        Future<?> workersDone = workers.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        long waitMillis = SHUTDOWN_TIMEOUT_MILLIS + 500;
        if (!acceptorsDone.awaitUninterruptibly(waitMillis) || !workersDone.awaitUninterruptibly(waitMillis)) {
            LOG.warn("event loops did not stop within {} ms", waitMillis);
        }
    }
}
