package io.roost.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every HTTP pipeline. Peers that reset or vanish, and failed TLS handshakes,
 * are normal on the internet, so those errors are logged at debug only; anything else is a bug or
 * a surprise and is logged once at warn. Either way the connection is closed, since its state is
 * unknown.
 *
 * <p>Stateless; one instance is shared by all channels.
 */
@ChannelHandler.Sharable
final class HttpExceptionHandler extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpExceptionHandler.class);

    static final HttpExceptionHandler INSTANCE = new HttpExceptionHandler();

    private HttpExceptionHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isExpected(cause)) {
            LOG.debug("connection {} dropped: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("closing connection {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /**
     * Resets, failed TLS handshakes (a client that does not trust the CA, offers only TLS 1.1, or
     * times out) and plain text sent to the TLS port all happen to healthy servers every day.
     */
    static boolean isExpected(Throwable cause) {
        if (cause instanceof NotSslRecordException) {
            return true;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }
}
