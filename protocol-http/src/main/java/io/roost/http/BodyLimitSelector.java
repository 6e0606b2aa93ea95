package io.roost.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Gives each request the body limit of its route before the aggregator buffers it: most routes
 * keep the listener's default (1 MiB), while a route may declare another
 * ({@link Routes.Builder#bodyLimit}): larger for bulk import, for requests whose headers it admits
 * (so a stranger cannot make the server buffer a large body), smaller for a cloud-to-device message. Netty's aggregator has one fixed limit, so at the start of a
 * request whose route needs another limit this swaps the connection's aggregator for one with that
 * limit. The swap happens only between requests (an {@link HttpRequest} is the first part of a
 * message, so the old aggregator holds nothing), and the flow-control handler in front hands over
 * one message at a time, so no part of a request ever reaches the wrong aggregator.
 *
 * <p>The limit is still checked from {@code Content-Length} before any body byte is buffered, and
 * while a chunked body arrives, exactly as with a single aggregator. Stateless (the current limit
 * lives in the connection's aggregator): one instance serves every channel.
 */
@ChannelHandler.Sharable
final class BodyLimitSelector extends ChannelInboundHandlerAdapter {

    private final Routes routes;
    private final int defaultMaxContentBytes;

    BodyLimitSelector(Routes routes, int defaultMaxContentBytes) {
        this.routes = routes;
        this.defaultMaxContentBytes = defaultMaxContentBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            int wanted = routes.bodyLimit(HttpRouter.rawPathOf(request.uri()), request.headers()).orElse(defaultMaxContentBytes);
            HttpObjectAggregator current = (HttpObjectAggregator) ctx.pipeline().get(HttpChannelInitializer.AGGREGATOR);
            if (current != null && current.maxContentLength() != wanted) {
                ctx.pipeline().replace(current, HttpChannelInitializer.AGGREGATOR, new JsonLimitAggregator(wanted));
            }
        }
        ctx.fireChannelRead(msg);
    }
}
