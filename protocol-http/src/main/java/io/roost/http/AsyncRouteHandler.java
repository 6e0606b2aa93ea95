package io.roost.http;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one route with work that may not run on the event loop: a store call on a worker pool,
 * a durable log append. The router calls {@link #handle} on the connection's event loop, so the
 * call itself must return at once; the future may complete on any thread, and the router writes
 * the reply on the event loop. Until then the connection reads no further request, which keeps
 * pipelined replies in order and bounds what one client can queue.
 *
 * <p>Failing the future (or throwing) with a {@link io.roost.core.error.RoostException} answers
 * with its status and {@code {"errorCode":...,"message":...}}; any other failure answers 500
 * "internal error" and is logged with its detail. Implementations must be thread-safe: one
 * instance serves every connection.
 */
@FunctionalInterface
public interface AsyncRouteHandler {

    CompletableFuture<HttpReply> handle(RouteRequest request);
}
