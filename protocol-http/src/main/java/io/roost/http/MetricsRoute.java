package io.roost.http;

import io.netty.handler.codec.http.FullHttpRequest;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text exposition the server supplies. The scrape only reads
 * in-memory meters, so it is cheap enough to run on the event loop. Thread-safe if the supplier is.
 */
public final class MetricsRoute implements RouteHandler {

    public static final String PATH = "/metrics";

    /** Prometheus text format 0.0.4, the one every scraper understands. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    public MetricsRoute(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public HttpReply handle(FullHttpRequest request) {
        return HttpReply.text(200, CONTENT_TYPE, scrape.get());
    }
}
