package io.roost.http.c2d;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.roost.core.c2d.FeedbackBatch;
import io.roost.core.c2d.FeedbackJson;
import io.roost.core.c2d.FeedbackQueue;
import io.roost.http.HttpReply;
import io.roost.http.JsonText;
import io.roost.http.RouteRequest;
import io.roost.http.registry.ServiceAuthorization;
import io.roost.registry.policy.Permission;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The service's feedback queue over REST: {@code GET /messages/serviceBound/feedback} receives the
 * oldest batch under a lock (its token is the {@code ETag}), {@code DELETE
 * /messages/serviceBound/feedback/{lockToken}} completes it and {@code POST
 * .../{lockToken}/abandon} gives it back. All need ServiceConnect. A token is accepted quoted, as
 * the {@code ETag} gives it, or bare. Thread-safe.
 */
final class FeedbackRoutes {

    static final String ENQUEUED_TIME = "iothub-enqueuedtime";
    static final String DELIVERY_COUNT = "iothub-deliverycount";

    private final FeedbackQueue feedback;
    private final ServiceAuthorization authorization;

    FeedbackRoutes(FeedbackQueue feedback, ServiceAuthorization authorization) {
        this.feedback = feedback;
        this.authorization = authorization;
    }

    /** 200 with the batch's records as a JSON array, or 204 when no batch is ready. */
    CompletableFuture<HttpReply> receive(RouteRequest request) {
        return authorization.require(request, Permission.SERVICE_CONNECT)
                .thenCompose(policy -> feedback.receive())
                .thenApply(batch -> batch.map(FeedbackRoutes::reply).orElseGet(HttpReply::noContent));
    }

    /** 204 once the batch is deleted; 412 {@code DeviceMessageLockLost} when the token locks nothing. */
    CompletableFuture<HttpReply> complete(RouteRequest request) {
        String lockToken = lockToken(request);
        return authorization.require(request, Permission.SERVICE_CONNECT)
                .thenCompose(policy -> feedback.complete(lockToken))
                .thenApply(done -> HttpReply.noContent());
    }

    /** 204 once the batch may be received again; 412 {@code DeviceMessageLockLost} when the token locks nothing. */
    CompletableFuture<HttpReply> abandon(RouteRequest request) {
        String lockToken = lockToken(request);
        return authorization.require(request, Permission.SERVICE_CONNECT)
                .thenCompose(policy -> feedback.abandon(lockToken))
                .thenApply(done -> HttpReply.noContent());
    }

    private static HttpReply reply(FeedbackBatch batch) {
        return new HttpReply(200, FeedbackBatch.CONTENT_TYPE, FeedbackJson.array(batch.records()).getBytes(StandardCharsets.UTF_8))
                .withHeader(HttpHeaderNames.ETAG.toString(), "\"" + batch.lockToken() + "\"")
                .withHeader(ENQUEUED_TIME, JsonText.utcTime(batch.enqueuedTimeMillis()))
                .withHeader(DELIVERY_COUNT, Integer.toString(batch.deliveryCount()));
    }

    /** The path's token without the quotes an {@code ETag} carries. */
    static String lockToken(RouteRequest request) {
        String token = request.pathParam("lockToken").trim();
        if (token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")) {
            return token.substring(1, token.length() - 1);
        }
        return token;
    }
}
