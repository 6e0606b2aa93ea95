package io.roost.server.listener;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare MQTT-over-WebSocket client built from Netty's codecs, for tests that need to see frames
 * and packets as the server sent them: TLS trusting only Roost's CA and checking the host name,
 * the WebSocket handshake with subprotocol {@code mqtt}, one MQTT packet per binary frame.
 * Not thread-safe: one test thread drives it.
 */
final class MqttWebSocketClient implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> upgraded = new CompletableFuture<>();
    /** The status of the server's close frame. */
    final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private final Channel channel;

    /** Connects to {@code wss://localhost:{port}/$iothub/websocket?iothub-no-client-cert=true} and completes the upgrade. */
    MqttWebSocketClient(int port, Path caPem) throws Exception {
        SslContext tls = SslContextBuilder.forClient().trustManager(caPem.toFile()).endpointIdentificationAlgorithm("HTTPS").build();
        URI uri = URI.create("wss://localhost:" + port + Listeners.WEBSOCKET_PATH + "?iothub-no-client-cert=true");
        WebSocketClientProtocolConfig webSocket = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol(Listeners.MQTT_SUBPROTOCOL)
                .maxFramePayloadLength(1 << 20)
                // The test reads the server's close frame itself.
                .handleCloseFrames(false)
                .build();
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port))
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(8192))
                                .addLast(new WebSocketClientProtocolHandler(webSocket))
                                .addLast(new FrameBytes())
                                .addLast(new MqttDecoder(1 << 20))
                                .addLast(MqttEncoder.INSTANCE)
                                .addLast(new Collector());
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        upgraded.get(10, TimeUnit.SECONDS);
    }

    void send(MqttMessage packet) {
        channel.writeAndFlush(packet).syncUninterruptibly();
    }

    /** Writes a frame as it is, bypassing the MQTT encoder. */
    /**
     * Writes a frame the server may refuse from its header alone: it may close before the rest is
     * written, so a failed write is no error here.
     */
    void sendFrameMayBeCutOff(WebSocketFrame frame) {
        channel.writeAndFlush(frame).awaitUninterruptibly();
    }

    MqttMessage next() throws InterruptedException {
        MqttMessage packet = received.poll(10, TimeUnit.SECONDS);
        if (packet == null) {
            throw new AssertionError("no packet from the server within 10 s");
        }
        return packet;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Binary frames to bytes for the MQTT decoder and back; a close frame's status to {@link #closeStatus}. */
    private final class FrameBytes extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
            if (frame instanceof BinaryWebSocketFrame) {
                out.add(frame.content().retain());
            } else if (frame instanceof CloseWebSocketFrame close) {
                closeStatus.complete(close.statusCode());
            }
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
            out.add(new BinaryWebSocketFrame(bytes.retain()));
        }
    }

    private final class Collector extends SimpleChannelInboundHandler<MqttMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage packet) {
            received.add(packet);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                upgraded.complete(null);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                upgraded.completeExceptionally(new AssertionError("WebSocket handshake timed out"));
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            upgraded.completeExceptionally(cause);
            closeStatus.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            upgraded.completeExceptionally(new AssertionError("connection closed before the upgrade"));
            closeStatus.complete(-1);
            ctx.fireChannelInactive();
        }
    }
}
