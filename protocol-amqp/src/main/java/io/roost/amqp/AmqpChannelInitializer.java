package io.roost.amqp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * The pipeline of one AMQP connection: [TLS], the handler that runs the Proton-J engine for it, and
 * one exception handler at the end. Sharable: it only builds pipelines.
 */
public final class AmqpChannelInitializer extends ChannelInitializer<Channel> {

    static final String TLS = "tls";
    static final String ENGINE = "amqpEngine";
    static final String EXCEPTIONS = "exceptions";

    private final AmqpEndpoint endpoint;
    private final SslContext sslContext;

    /** @param sslContext a server context for AMQPS, or null for plain AMQP */
    public AmqpChannelInitializer(AmqpEndpoint endpoint, SslContext sslContext) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.sslContext = sslContext;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast(TLS, sslContext.newHandler(channel.alloc()));
        }
        pipeline.addLast(ENGINE, new AmqpConnectionHandler(endpoint, AmqpOperationsLog.TCP));
        pipeline.addLast(EXCEPTIONS, AmqpExceptionHandler.INSTANCE);
    }
}
