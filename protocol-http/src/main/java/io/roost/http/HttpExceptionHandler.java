package io.roost.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every HTTP pipeline. Peers that reset or vanish are normal on the internet,
 * so those I/O errors are logged at debug only; anything else is a bug or a surprise and is logged
 * once at warn. Either way the connection is closed, since its state is unknown.
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

    static boolean isExpected(Throwable cause) {
        return cause instanceof IOException || cause instanceof ClosedChannelException;
    }
}
