package io.roost.http;

import io.netty.handler.codec.http.FullHttpRequest;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: 200 once the server says it is ready, 503 before, so a load balancer or a
 * test only sends traffic to a server that has finished starting. Thread-safe if the readiness
 * supplier is.
 */
public final class HealthRoute implements RouteHandler {

    public static final String PATH = "/health";

    private final BooleanSupplier ready;

    public HealthRoute(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public HttpReply handle(FullHttpRequest request) {
        return ready.getAsBoolean()
                ? HttpReply.json(200, "{\"status\":\"ready\"}")
                : HttpReply.json(503, "{\"status\":\"starting\"}");
    }
}
