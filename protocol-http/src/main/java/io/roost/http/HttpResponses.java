package io.roost.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Turns an {@link HttpReply} into a Netty response and writes it, closing the connection after it
 * unless the request asked to keep it alive. Shared by every handler of the HTTP pipeline that
 * answers a request, so all answers look alike. Stateless and thread-safe.
 */
final class HttpResponses {

    private HttpResponses() {
    }

    static FullHttpResponse toResponse(HttpReply reply) {
        // Always answer as HTTP/1.1, which RFC 9110 section 6.2 allows for 1.0 clients too, and
        // which is the only sane choice when the request line could not be parsed.
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        if (reply.status() != HttpResponseStatus.NO_CONTENT.code()) {
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        }
        reply.headers().forEach(response.headers()::set);
        return response;
    }

    static ChannelFuture write(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        return send(ctx, toResponse(reply), keepAlive);
    }

    static ChannelFuture send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }
}
