package io.roost.amqp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * The pipeline of one AMQP connection: [TLS], the handler that runs the Proton-J engine for it, and
 * one exception handler at the end. The same handlers serve a connection accepted by an AMQP
 * listener and one the HTTPS listener has upgraded to WebSocket ({@link #overWebSocket}).
 * Sharable: it only builds pipelines.
 */
public final class AmqpChannelInitializer extends ChannelInitializer<Channel> {

    static final String TLS = "tls";
    static final String ENGINE = "amqpEngine";
    static final String EXCEPTIONS = "exceptions";

    /** The subprotocol of AMQP over WebSocket (AMQP WebSocket Binding 1.0), as IoT Hub serves it on 443. */
    public static final String WEBSOCKET_SUBPROTOCOL = "AMQPWSB10";
    /**
     * The largest WebSocket frame payload taken: a client may put several AMQP frames in one
     * WebSocket frame, so room for a whole D2C message and one more AMQP frame.
     */
    public static final int MAX_WEBSOCKET_FRAME_BYTES = AmqpLimits.MAX_D2C_MESSAGE_BYTES + AmqpLimits.MAX_FRAME_BYTES;

    private final AmqpEndpoint endpoint;
    private final SslContext sslContext;
    private final String protocol;

    /** @param sslContext a server context for AMQPS, or null for plain AMQP */
    public AmqpChannelInitializer(AmqpEndpoint endpoint, SslContext sslContext) {
        this(endpoint, sslContext, AmqpOperationsLog.TCP);
    }

    private AmqpChannelInitializer(AmqpEndpoint endpoint, SslContext sslContext, String protocol) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.sslContext = sslContext;
        this.protocol = protocol;
    }

    /**
     * AMQP over a WebSocket connection that the HTTPS listener has upgraded (subprotocol
     * {@value #WEBSOCKET_SUBPROTOCOL}): the pipeline already has TLS at its head and ends in the
     * frames' payload bytes, so this adds the AMQP handlers alone behind it. Its operations events
     * say {@code protocol=amqp-ws}.
     */
    public static AmqpChannelInitializer overWebSocket(AmqpEndpoint endpoint) {
        return new AmqpChannelInitializer(endpoint, null, AmqpOperationsLog.WEBSOCKET);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast(TLS, sslContext.newHandler(channel.alloc()));
        }
        pipeline.addLast(ENGINE, new AmqpConnectionHandler(endpoint, new AmqpOperationsLog(endpoint, protocol)));
        pipeline.addLast(EXCEPTIONS, AmqpExceptionHandler.INSTANCE);
    }
}
