package io.roost.amqp;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every AMQP pipeline: closes the connection on any error. Network and TLS
 * failures are logged at debug, anything else once at warn. Stateless; sharable.
 */
@Sharable
final class AmqpExceptionHandler extends ChannelInboundHandlerAdapter {

    static final AmqpExceptionHandler INSTANCE = new AmqpExceptionHandler();
    private static final Logger LOG = LoggerFactory.getLogger(AmqpExceptionHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof IOException || root instanceof SSLException) {
            LOG.debug("AMQP connection from {} failed: {}", ctx.channel().remoteAddress(), root.toString());
        } else {
            LOG.warn("AMQP connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
