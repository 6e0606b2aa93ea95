package io.roost.server.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.roost.server.config.ListenerName;
import io.roost.server.ipfilter.IpFilterGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One bound server socket of any protocol: the protocol module supplies only the pipeline of each
 * connection (its {@link ChannelInitializer}); the IP filter, given, decides before it whether the
 * connection may have one (see {@link AdmissionInitializer}). The event loop groups belong to the caller, which
 * shares them between listeners and shuts them down after closing every listener.
 *
 * <p>Not thread-safe: bind and close from one thread (the server's lifecycle).
 */
public final class SocketListener implements AutoCloseable {

    /** Mosquitto's backlog of 100 stalled bursts of connects by a second; 1024 did not. */
    static final int BACKLOG = 1024;
    private static final long CLOSE_TIMEOUT_MILLIS = 1000;

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final ChannelInitializer<Channel> initializer;
    private Channel serverChannel;

    /** On the server's event loops, with their transport's channel type, and no IP filter. */
    public SocketListener(EventLoops loops, ChannelInitializer<Channel> initializer) {
        this(loops.acceptors(), loops.workers(), loops.serverChannelType(), initializer);
    }

    /**
     * On the server's event loops, every connection first checked by the IP filter: one a reject
     * rule matches is closed before {@code initializer} (and so TLS) sees it.
     */
    public SocketListener(EventLoops loops, ListenerName name, ChannelInitializer<Channel> initializer, IpFilterGate gate) {
        this(loops.acceptors(), loops.workers(), loops.serverChannelType(), new AdmissionInitializer(name, gate, initializer));
    }

    /** @param channelType the server socket channel of the groups' transport (NIO or epoll) */
    public SocketListener(EventLoopGroup acceptors, EventLoopGroup workers, Class<? extends ServerChannel> channelType,
            ChannelInitializer<Channel> initializer) {
        this.acceptors = Objects.requireNonNull(acceptors, "acceptors");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.channelType = Objects.requireNonNull(channelType, "channelType");
        this.initializer = Objects.requireNonNull(initializer, "initializer");
    }

    /**
     * Binds and starts accepting; port 0 picks a free port.
     *
     * @return the address actually bound, with the real port
     * @throws UncheckedIOException when the address cannot be bound (in use, no privilege)
     */
    public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("already bound to " + serverChannel.localAddress());
        }
        var bound = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                // Small protocol replies (PUBACK, CONNACK) must not wait for Nagle's timer.
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(address)
                .await();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            throw new UncheckedIOException("cannot bind " + address + ": " + cause.getMessage(),
                    cause instanceof IOException io ? io : new IOException(cause));
        }
        serverChannel = bound.channel();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Stops accepting; connections already open end when the event loops shut down. Closing a
     * server socket is immediate, so the wait is short and not interruptible: an interrupted
     * shutdown must still release the port.
     */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(CLOSE_TIMEOUT_MILLIS);
            serverChannel = null;
        }
    }
}
