package io.roost.http;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Answers one route. Runs on the connection's event loop, so it must not block: no fsync, no
 * JDBC, no sleeping. The request is released by the router after the call; do not keep it.
 */
@FunctionalInterface
public interface RouteHandler {

    HttpReply handle(FullHttpRequest request);
}
