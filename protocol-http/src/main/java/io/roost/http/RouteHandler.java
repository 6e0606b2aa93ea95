package io.roost.http;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Answers one route at once, on the connection's event loop, so it must not block: no fsync, no
 * JDBC, no sleeping (use {@link AsyncRouteHandler} for those). The request is released by the
 * router after the call; do not keep it. Implementations must be thread-safe: one instance serves
 * every connection.
 */
@FunctionalInterface
public interface RouteHandler {

    HttpReply handle(FullHttpRequest request);
}
