package io.roost.server.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketListenerTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelInitializer<Channel> nothing = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel channel) {
        }
    };

    @AfterEach
    void shutDown() throws InterruptedException {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    @Test
    void bind_whenPortZero_thenAcceptsOnTheBoundPort() throws Exception {
        try (SocketListener listener = new SocketListener(loops, loops, NioServerSocketChannel.class, nothing)) {
            InetSocketAddress bound = listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

            assertThat(bound.getPort()).isPositive();
            try (Socket socket = new Socket(bound.getAddress(), bound.getPort())) {
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    @Test
    void bind_whenPortTaken_thenFailsNamingTheAddress() throws Exception {
        try (SocketListener first = new SocketListener(loops, loops, NioServerSocketChannel.class, nothing);
                SocketListener second = new SocketListener(loops, loops, NioServerSocketChannel.class, nothing)) {
            InetSocketAddress bound = first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

            assertThatThrownBy(() -> second.bind(bound))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(String.valueOf(bound.getPort()));
        }
    }
}
