package io.roost.http;

import io.roost.core.error.RoostException;
import io.roost.core.throttle.ThrottledException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a route's failure into the reply a client sees. A {@link RoostException} is an answer the
 * core chose: its status, error code and message go to the client (and a throttled request's
 * {@code Retry-After}). Anything else is a fault of
 * the server: the client gets 500 "internal error" and the log gets the detail, once. Stateless
 * and thread-safe.
 */
final class ErrorReplies {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReplies.class);

    static final HttpReply INTERNAL_ERROR = HttpReply.error(500, "InternalError", "internal error");

    private ErrorReplies() {
    }

    /** @param what the request, for the log: {@code PUT /devices/d1} */
    static HttpReply of(Throwable failure, String what) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RoostException roost) {
            if (roost.status().code() >= 500) {
                LOG.warn("{} failed: {}", what, roost.getMessage(), roost);
            }
            HttpReply reply = HttpReply.error(roost.status().code(), roost.errorCode(), roost.getMessage());
            // RFC 9110 section 10.2.3: delay-seconds, so the client knows when its bucket has a token.
            return roost instanceof ThrottledException throttled
                    ? reply.withHeader("Retry-After", Long.toString(throttled.retryAfterSeconds())) : reply;
        }
        // The client gets no detail of a server fault; the log gets all of it.
        LOG.error("{} failed", what, cause);
        return INTERNAL_ERROR;
    }

    /** Futures wrap the real failure once or more; the route's own exception is what counts. */
    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
