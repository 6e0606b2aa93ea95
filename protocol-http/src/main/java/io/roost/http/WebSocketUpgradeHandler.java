package io.roost.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches a connection to WebSocket when a request names a {@link WebSocketRoute}'s path and
 * offers its subprotocol, and hands it to that route's protocol; every other request goes on to the
 * router. Sits between the aggregator and the router, so it sees whole requests (an upgrade request
 * has no body) in order.
 *
 * <p>A request for a WebSocket path that cannot be upgraded gets the usual JSON error and the
 * connection stays HTTP: 405 for another method than GET, 400 for a plain GET or a missing
 * {@code Sec-WebSocket-Key}, 426 with {@code Sec-WebSocket-Version: 13} for another version
 * (RFC 6455 section 4.4), and 400 naming the subprotocols served when none offered is one of them.
 * Netty's handshaker alone would accept an unknown subprotocol by leaving the header out, which a
 * client only notices when its first packet is misread.
 *
 * <p>On upgrade the HTTP-only handlers (flow control, body limit selector, router, exception
 * handler, and this one) leave the pipeline before the 101 answer is written, the handshaker
 * swaps the aggregator and codec for the frame decoder and encoder, {@link BinaryFrameStream}
 * turns frames into bytes, and the route's initializer adds the protocol. All of it happens in one
 * event-loop task, so no byte the client sends after the answer can reach a half-built pipeline.
 *
 * <p>Stateless apart from the immutable route table: one instance is shared by all channels.
 */
@ChannelHandler.Sharable
final class WebSocketUpgradeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgradeHandler.class);
    private static final String VERSION = "13";

    private final WebSocketRoutes routes;

    WebSocketUpgradeHandler(WebSocketRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || request.decoderResult().isFailure()) {
            ctx.fireChannelRead(msg);
            return;
        }
        String rawPath = HttpRouter.rawPathOf(request.uri());
        Map<String, WebSocketRoute> bySubprotocol = routes.at(rawPath);
        if (bySubprotocol.isEmpty()) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            upgradeOrRefuse(ctx, request, rawPath, bySubprotocol);
        } finally {
            request.release();
        }
    }

    private void upgradeOrRefuse(ChannelHandlerContext ctx, FullHttpRequest request, String rawPath,
            Map<String, WebSocketRoute> bySubprotocol) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String served = String.join(", ", bySubprotocol.keySet().stream().sorted().toList());
        if (!HttpMethod.GET.equals(request.method())) {
            HttpResponses.write(ctx, HttpReply.error(405, "MethodNotAllowed", request.method() + " is not allowed on "
                    + rawPath + ": it takes a WebSocket upgrade (GET)").withHeader("Allow", "GET"), keepAlive);
            return;
        }
        HttpHeaders headers = request.headers();
        if (!headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            HttpResponses.write(ctx, HttpReply.error(400, "BadRequest", rawPath + " is a WebSocket endpoint: send"
                    + " Upgrade: websocket with Sec-WebSocket-Protocol " + served), keepAlive);
            return;
        }
        if (!VERSION.equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            HttpResponses.write(ctx, HttpReply.error(426, "UpgradeRequired", "only WebSocket version " + VERSION
                    + " is supported").withHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION.toString(), VERSION), keepAlive);
            return;
        }
        if (headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY) == null) {
            HttpResponses.write(ctx, HttpReply.error(400, "BadRequest", "the WebSocket upgrade has no Sec-WebSocket-Key"),
                    keepAlive);
            return;
        }
        List<String> offered = offeredSubprotocols(headers);
        WebSocketRoute route = offered.stream().map(bySubprotocol::get).filter(Objects::nonNull).findFirst().orElse(null);
        if (route == null) {
            HttpResponses.write(ctx, HttpReply.error(400, "BadRequest", "no supported WebSocket subprotocol offered ("
                    + (offered.isEmpty() ? "none" : String.join(", ", offered)) + "); " + rawPath + " serves " + served),
                    keepAlive);
            return;
        }
        upgrade(ctx, request, route);
    }

    /** Every token of every {@code Sec-WebSocket-Protocol} header, in the client's order of preference. */
    static List<String> offeredSubprotocols(HttpHeaders headers) {
        List<String> offered = new ArrayList<>();
        for (String header : headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String token : header.split(",")) {
                if (!token.isBlank()) {
                    offered.add(token.trim());
                }
            }
        }
        return offered;
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, WebSocketRoute route) {
        Channel channel = ctx.channel();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(HttpChannelInitializer.FLOW_CONTROL);
        pipeline.remove(HttpChannelInitializer.BODY_LIMIT);
        pipeline.remove(HttpChannelInitializer.ROUTER);
        pipeline.remove(HttpChannelInitializer.EXCEPTIONS);
        pipeline.remove(this);
        pipeline.addLast(HttpChannelInitializer.WEBSOCKET_FRAMES, BinaryFrameStream.INSTANCE);
        pipeline.addLast(HttpChannelInitializer.WEBSOCKET_PROTOCOL, route.initializer());
        // No subprotocols for the handshaker to choose from: the one chosen here goes in the answer.
        WebSocketServerHandshaker13 handshaker = new WebSocketServerHandshaker13(request.uri(), null, decoderConfig(route));
        HttpHeaders answer = new DefaultHttpHeaders().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, route.subprotocol());
        handshaker.handshake(channel, request, answer, channel.newPromise()).addListener((ChannelFuture done) -> {
            if (!done.isSuccess()) {
                LOG.debug("WebSocket handshake with {} failed: {}", channel.remoteAddress(), done.cause().toString());
                channel.close();
            }
        });
    }

    private static WebSocketDecoderConfig decoderConfig(WebSocketRoute route) {
        return WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(route.maxFramePayloadBytes())
                // RFC 6455 section 5.1: a client masks every frame; an unmasked one is refused.
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                // No extension (e.g. permessage-deflate) was negotiated, so reserved bits must be 0.
                .allowExtensions(false)
                // A frame over the limit or otherwise malformed gets a close frame, then TCP closes.
                .closeOnProtocolViolation(true)
                .build();
    }
}
