package io.roost.server.listener;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty event loops shared by every listener: one acceptor thread and a worker group sized
 * by Netty to the CPUs. Shutdown waits a short quiet period for in-flight responses, bounded so a
 * SIGTERM finishes within the server's stop budget. Thread-safe.
 */
public final class EventLoops implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);
    private static final long QUIET_PERIOD_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2000;

    private final EventLoopGroup acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());

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
