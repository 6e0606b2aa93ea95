package io.roost.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Objects;

/**
 * The pipeline of one MQTT connection: [TLS], decoder with explicit limits, encoder, idle timer
 * (the connect timeout, then the keep-alive), the connect step (replaced by the session once
 * authenticated) and one exception handler at the end. The same handlers serve a connection
 * accepted by an MQTT listener and one that another listener has already set up as a byte stream
 * ({@link #overWebSocket}). Sharable: it only builds pipelines.
 */
public final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    static final String TLS = "tls";
    static final String DECODER = "mqttDecoder";
    static final String ENCODER = "mqttEncoder";
    static final String IDLE = "idle";
    static final String CONNECT = "connect";
    static final String SESSION = "session";
    static final String EXCEPTIONS = "exceptions";

    private final MqttEndpoint endpoint;
    private final SslContext sslContext;
    private final String protocol;

    /** @param sslContext a server context for MQTT over TLS, or null for plain MQTT */
    public MqttChannelInitializer(MqttEndpoint endpoint, SslContext sslContext) {
        this(endpoint, sslContext, MqttOperationsLog.TCP);
    }

    private MqttChannelInitializer(MqttEndpoint endpoint, SslContext sslContext, String protocol) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.sslContext = sslContext;
        this.protocol = protocol;
    }

    /**
     * MQTT over a WebSocket connection that the HTTPS listener has upgraded (subprotocol
     * {@code mqtt}): the pipeline already has TLS at its head and ends in the frames' payload
     * bytes, so this adds the MQTT handlers alone behind it. Its operations events say
     * {@code protocol=mqtt-ws}. A WebSocket frame carrying a packet needs room for the largest
     * packet: {@link MqttLimits#MAX_PACKET_BYTES}.
     */
    public static MqttChannelInitializer overWebSocket(MqttEndpoint endpoint) {
        return new MqttChannelInitializer(endpoint, null, MqttOperationsLog.WEBSOCKET);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast(TLS, sslContext.newHandler(channel.alloc()));
        }
        // Netty's defaults (8,092 bytes, 23-char client ids) are too small for IoT Hub's limits.
        pipeline.addLast(DECODER, new MqttDecoder(MqttLimits.MAX_MESSAGE_BYTES, MqttLimits.MAX_CLIENT_ID_LENGTH));
        pipeline.addLast(ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(IDLE, new IdleStateHandler(MqttLimits.CONNECT_TIMEOUT_SECONDS, 0, 0));
        pipeline.addLast(CONNECT, new ConnectHandler(endpoint, new MqttOperationsLog(endpoint, protocol)));
        pipeline.addLast(EXCEPTIONS, new MqttExceptionHandler());
    }
}
