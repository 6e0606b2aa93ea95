package io.roost.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * Builds the pipeline of one HTTP connection: TLS (for HTTPS), codec, flow control, aggregator,
 * [WebSocket upgrade], router, exception handler. A connection upgraded to WebSocket keeps only TLS
 * and trades the rest for the frame codec and its protocol's handlers ({@link WebSocketRoute}). The same pipeline serves HTTP and HTTPS, so every route behaves alike
 * on both. Every
 * decoder limit is set here on purpose rather than left to Netty's defaults, so a reader sees what
 * a client may send. Thread-safe: holds only immutable, shareable handlers.
 */
public final class HttpChannelInitializer extends ChannelInitializer<Channel> {

    public static final String TLS = "tls";
    public static final String CODEC = "http-codec";
    public static final String FLOW_CONTROL = "http-flow-control";
    public static final String BODY_LIMIT = "http-body-limit";
    public static final String AGGREGATOR = "http-aggregator";
    public static final String WEBSOCKET_UPGRADE = "http-websocket-upgrade";
    public static final String ROUTER = "http-router";
    public static final String EXCEPTIONS = "http-exceptions";
    /** After a WebSocket upgrade: binary frames to bytes and back ({@link BinaryFrameStream}). */
    public static final String WEBSOCKET_FRAMES = "websocket-frames";
    /** After a WebSocket upgrade: the route's initializer, which replaces itself with the protocol's handlers. */
    public static final String WEBSOCKET_PROTOCOL = "websocket-protocol";

    /**
     * Largest request body of a route that declares no other ({@link Routes.Builder#bodyLimit});
     * a bigger one is answered with 413 before its body is buffered.
     */
    public static final int DEFAULT_MAX_CONTENT_BYTES = 1024 * 1024;
    static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_CHUNK_BYTES = 64 * 1024;

    /** A client that has not finished its handshake by then is gone or hostile; free the connection. */
    static final long TLS_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final HttpRouter router;
    private final BodyLimitSelector bodyLimits;
    private final int maxContentBytes;
    private final SslContext sslContext;
    private final WebSocketUpgradeHandler webSocketUpgrades;

    /** Plain HTTP. */
    public HttpChannelInitializer(Routes routes, int maxContentBytes) {
        this(routes, maxContentBytes, null);
    }

    /** @param sslContext a server context for HTTPS, or null for plain HTTP */
    public HttpChannelInitializer(Routes routes, int maxContentBytes, SslContext sslContext) {
        this(routes, maxContentBytes, sslContext, List.of());
    }

    /**
     * @param sslContext a server context for HTTPS, or null for plain HTTP
     * @param webSocketRoutes protocols carried over WebSocket on this listener, by path and subprotocol
     * @throws IllegalArgumentException when two WebSocket routes share a path and subprotocol
     */
    public HttpChannelInitializer(Routes routes, int maxContentBytes, SslContext sslContext,
            List<WebSocketRoute> webSocketRoutes) {
        if (sslContext != null && !sslContext.isServer()) {
            throw new IllegalArgumentException("an HTTPS listener needs a server SslContext");
        }
        this.router = new HttpRouter(routes);
        this.bodyLimits = new BodyLimitSelector(routes, maxContentBytes);
        this.maxContentBytes = maxContentBytes;
        this.sslContext = sslContext;
        WebSocketRoutes webSockets = new WebSocketRoutes(webSocketRoutes);
        this.webSocketUpgrades = webSockets.isEmpty() ? null : new WebSocketUpgradeHandler(webSockets);
    }

    @Override
    protected void initChannel(Channel channel) {
        configure(channel.pipeline());
    }

    void configure(ChannelPipeline pipeline) {
        if (sslContext != null) {
            SslHandler tls = sslContext.newHandler(pipeline.channel().alloc());
            tls.setHandshakeTimeoutMillis(TLS_HANDSHAKE_TIMEOUT_MILLIS);
            pipeline.addLast(TLS, tls);
        }
        pipeline.addLast(CODEC, new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                        .setMaxChunkSize(MAX_CHUNK_BYTES)))
                // Holds requests decoded from one read while an earlier reply is pending (the
                // router turns autoRead off then), so replies leave in request order.
                .addLast(FLOW_CONTROL, new FlowControlHandler())
                // Swaps the aggregator below for one with the route's own limit when it has one.
                .addLast(BODY_LIMIT, bodyLimits)
                .addLast(AGGREGATOR, new JsonLimitAggregator(maxContentBytes));
        if (webSocketUpgrades != null) {
            // Takes the requests for WebSocket paths before the router sees them.
            pipeline.addLast(WEBSOCKET_UPGRADE, webSocketUpgrades);
        }
        pipeline.addLast(ROUTER, router)
                .addLast(EXCEPTIONS, HttpExceptionHandler.INSTANCE);
    }
}
