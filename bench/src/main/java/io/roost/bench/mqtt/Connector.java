package io.roost.bench.mqtt;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Opens device connections to one broker address: TCP_NODELAY, the channel's pooled allocator,
 * optional TLS, Netty's MQTT decoder and encoder, then the {@link DeviceConnection}. Thread-safe.
 */
final class Connector {

    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final SslContext sslContext;

    /** @param caFile with TLS, the CA to trust (PEM), or null for the JVM's trust store */
    Connector(EventLoopGroup group, InetSocketAddress address, boolean tls, Path caFile, long connectTimeoutMillis)
            throws IOException {
        this(group, address, tls, caFile, connectTimeoutMillis, ByteBufAllocator.DEFAULT);
    }

    /** @param allocator for every buffer of the connections (tests count what is left unreleased) */
    Connector(EventLoopGroup group, InetSocketAddress address, boolean tls, Path caFile, long connectTimeoutMillis,
            ByteBufAllocator allocator) throws IOException {
        this.address = address;
        this.sslContext = tls ? ClientTls.context(caFile) : null;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, allocator)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
    }

    /** Starts the TCP connect; the outcome arrives in {@link DeviceConnection#connectOutcome()}. */
    void connect(DeviceConnection connection) {
        connection.connecting(System.nanoTime());
        ChannelFuture connect = bootstrap.clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (sslContext != null) {
                            pipeline.addLast("tls", sslContext.newHandler(channel.alloc(), address.getHostString(), address.getPort()));
                        }
                        pipeline.addLast("mqttDecoder", new MqttDecoder());
                        pipeline.addLast("mqttEncoder", MqttEncoder.INSTANCE);
                        pipeline.addLast("device", connection);
                    }
                })
                .connect(address);
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                connection.tcpConnectFailed(done.cause());
            }
        });
    }

}
