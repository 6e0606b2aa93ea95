package io.roost.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Netty's aggregator, answering a body over the limit with Roost's JSON error body
 * ({@code {"errorCode":"MessageTooLarge",...}}, IoT Hub's code for 413) instead of an empty 413.
 * The decision is Netty's: from {@code Content-Length} before any body byte is buffered, or as a
 * chunked body grows past the limit. Like Netty, it keeps the connection when the rest of the body
 * can be skipped (keep-alive, or {@code Expect: 100-continue}) and closes it otherwise. One
 * instance per connection, confined to its event loop.
 */
final class JsonLimitAggregator extends HttpObjectAggregator {

    static final String ERROR_CODE = "MessageTooLarge";

    JsonLimitAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // The same choice as Netty's: a body already wholly read, or one the client will send
        // anyway on a connection it does not keep, leaves nothing to resynchronise on.
        boolean close = oversized instanceof FullHttpMessage
                || ctx.channel().config().isAutoRead() && !HttpUtil.is100ContinueExpected(oversized)
                        && !HttpUtil.isKeepAlive(oversized);
        ChannelFuture written = ctx.writeAndFlush(response(close));
        written.addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private FullHttpResponse response(boolean close) {
        HttpReply error = HttpReply.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code(), ERROR_CODE,
                "the request body may have at most " + maxContentLength() + " bytes");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(error.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, error.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, error.body().length);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
