package io.roost.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each aggregated request to its route by path and method and writes the reply.
 * The query string never takes part in routing ({@code ?api-version=} rides on every IoT Hub
 * request). Requests the codec could not parse get 400 and the connection is closed, since the
 * byte stream can no longer be trusted to be in sync.
 *
 * <p>A reply that is not ready at once (an {@link AsyncRouteHandler}'s future) turns reading off
 * on the connection until it is written. Together with the {@link io.netty.handler.flow.FlowControlHandler}
 * in front of the aggregator, which holds requests already decoded from the same read, this keeps
 * pipelined replies in request order and stops one client from queueing unbounded work.
 *
 * <p>Stateless apart from the immutable route table (per-request state travels in the future's
 * callback): one instance is shared by all channels.
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
        if (ctx.channel().hasAttr(ChannelEventSink.STREAMING)) {
            // The connection carries an event stream: it answers nothing else.
            return;
        }
        if (request.decoderResult().isFailure()) {
            HttpResponses.write(ctx, HttpReply.error(400, "BadRequest", "malformed HTTP request"), false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String rawPath = rawPathOf(request.uri());
        List<String> segments;
        try {
            segments = PathSegments.decode(rawPath);
        } catch (IllegalArgumentException e) {
            HttpResponses.write(ctx, HttpReply.error(400, "BadRequest", "malformed path: " + e.getMessage()), keepAlive);
            return;
        }
        Optional<Routes.RouteMatch> match = routes.match(segments);
        if (match.isEmpty()) {
            HttpResponses.write(ctx, HttpReply.error(404, "NotFound", "no resource at " + rawPath), keepAlive);
            return;
        }
        Routes.Endpoint endpoint = match.get().methods().get(request.method());
        if (endpoint == null) {
            FullHttpResponse response = HttpResponses.toResponse(HttpReply.error(405, "MethodNotAllowed",
                    request.method() + " is not allowed on " + rawPath));
            response.headers().set(HttpHeaderNames.ALLOW, Routes.allowHeader(match.get().methods().keySet()));
            HttpResponses.send(ctx, response, keepAlive);
            return;
        }
        String what = request.method() + " " + rawPath;
        CompletableFuture<HttpReply> reply = invoke(endpoint, request, match.get(), ctx.channel());
        if (reply.isDone()) {
            HttpReply answer = replyOf(reply, what);
            if (answer.stream() != null) {
                ChannelEventSink.start(ctx.channel(), answer);
            } else {
                HttpResponses.write(ctx, answer, keepAlive);
            }
            return;
        }
        Channel channel = ctx.channel();
        channel.config().setAutoRead(false);
        reply.whenComplete((value, failure) -> onEventLoop(channel, () -> finish(ctx, reply, what, keepAlive)));
    }

    private static CompletableFuture<HttpReply> invoke(Routes.Endpoint endpoint, FullHttpRequest request,
            Routes.RouteMatch match, Channel channel) {
        try {
            CompletableFuture<HttpReply> reply = endpoint.serve(request, match, channel.remoteAddress());
            return reply != null ? reply : CompletableFuture.failedFuture(new NullPointerException("route returned no future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void onEventLoop(Channel channel, Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
            return;
        }
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down; its connections close with it.
            LOG.debug("reply to {} dropped: event loop shut down", channel.remoteAddress());
        }
    }

    /** On the event loop, once the route's future is done. */
    private static void finish(ChannelHandlerContext ctx, CompletableFuture<HttpReply> reply, String what, boolean keepAlive) {
        Channel channel = ctx.channel();
        HttpReply answer = replyOf(reply, what);
        if (!channel.isActive()) {
            LOG.debug("connection {} closed before the reply to {} ({})", channel.remoteAddress(), what, answer.status());
            return;
        }
        if (answer.stream() != null) {
            ChannelEventSink.start(channel, answer);
            return;
        }
        ChannelFuture written = HttpResponses.send(ctx, HttpResponses.toResponse(answer), keepAlive);
        if (keepAlive) {
            written.addListener((ChannelFuture done) -> {
                if (done.isSuccess()) {
                    // Setting autoRead asks for a read, which releases the next held request.
                    done.channel().config().setAutoRead(true);
                } else {
                    done.channel().close();
                }
            });
        }
    }

    private static HttpReply replyOf(CompletableFuture<HttpReply> reply, String what) {
        try {
            HttpReply value = reply.join();
            return value != null ? value : ErrorReplies.of(new NullPointerException("route completed with no reply"), what);
        } catch (RuntimeException e) {
            return ErrorReplies.of(e, what);
        }
    }

    /**
     * The raw (still percent-encoded) path of an origin-form ({@code /a?b}) or absolute-form
     * ({@code https://host/a?b}) request target; clients of IoT Hub send both.
     */
    static String rawPathOf(String uri) {
        String target = uri;
        int scheme = target.indexOf("://");
        if (scheme > 0 && !target.startsWith("/")) {
            int pathStart = target.indexOf('/', scheme + 3);
            target = pathStart < 0 ? "/" : target.substring(pathStart);
        }
        int end = target.length();
        int query = target.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = target.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        String path = target.substring(0, end);
        return path.startsWith("/") ? path : "/" + path;
    }
}
