package io.roost.mqtt;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every MQTT pipeline: closes the connection on any error. Expected network
 * and TLS failures (reset by peer, handshake refused) and frames a peer got wrong (a WebSocket frame
 * over the limit or unmasked, which the frame decoder has already answered) are logged at debug;
 * anything else once at warn. Stateless; sharable.
 */
@Sharable
final class MqttExceptionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(MqttExceptionHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof IOException || root instanceof SSLException || root instanceof CorruptedFrameException) {
            LOG.debug("MQTT connection from {} failed: {}", ctx.channel().remoteAddress(), root.toString());
        } else {
            LOG.warn("MQTT connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
