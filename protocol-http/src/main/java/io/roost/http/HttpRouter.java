package io.roost.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each aggregated request to its route by path and method and writes the reply.
 * The query string never takes part in routing ({@code ?api-version=} rides on every IoT Hub
 * request). Requests the codec could not parse get 400 and the connection is closed, since the
 * byte stream can no longer be trusted to be in sync.
 *
 * <p>Stateless apart from the immutable route table: one instance is shared by all channels.
 */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

    private final Routes routes;

    HttpRouter(Routes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            write(ctx, HttpReply.error(400, "BadRequest", "malformed HTTP request"), false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String path = pathOf(request.uri());
        Optional<Map<HttpMethod, RouteHandler>> methods = routes.methodsOf(path);
        if (methods.isEmpty()) {
            write(ctx, HttpReply.error(404, "NotFound", "no resource at " + path), keepAlive);
            return;
        }
        RouteHandler handler = methods.get().get(request.method());
        if (handler == null) {
            FullHttpResponse response = toResponse(HttpReply.error(405, "MethodNotAllowed",
                    request.method() + " is not allowed on " + path));
            response.headers().set(HttpHeaderNames.ALLOW, Routes.allowHeader(methods.get().keySet()));
            send(ctx, response, keepAlive);
            return;
        }
        write(ctx, invoke(handler, request), keepAlive);
    }

    private static HttpReply invoke(RouteHandler handler, FullHttpRequest request) {
        try {
            return handler.handle(request);
        } catch (RuntimeException e) {
            // The client gets no detail of a server fault; the log gets all of it.
            LOG.error("route {} {} failed", request.method(), request.uri(), e);
            return HttpReply.error(500, "InternalError", "internal error");
        }
    }

    /**
     * The path of an origin-form ({@code /a?b}) or absolute-form ({@code https://host/a?b}) request
     * target; clients of IoT Hub send both.
     */
    static String pathOf(String uri) {
        String target = uri;
        int scheme = target.indexOf("://");
        if (scheme > 0 && !target.startsWith("/")) {
            int pathStart = target.indexOf('/', scheme + 3);
            target = pathStart < 0 ? "/" : target.substring(pathStart);
        }
        return new QueryStringDecoder(target).path();
    }

    private static void write(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        send(ctx, toResponse(reply), keepAlive);
    }

    private static FullHttpResponse toResponse(HttpReply reply) {
        // Always answer as HTTP/1.1, which RFC 9110 section 6.2 allows for 1.0 clients too, and
        // which is the only sane choice when the request line could not be parsed.
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
