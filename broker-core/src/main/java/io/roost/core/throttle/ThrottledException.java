package io.roost.core.throttle;

import io.roost.core.error.RoostException;

/**
 * A request refused by the {@link Throttle}: status 429 with IoT Hub's error code
 * {@code ThrottlingException}, and when to retry, which HTTP puts in {@code Retry-After}.
 * Immutable.
 */
public final class ThrottledException extends RoostException {

    private static final long serialVersionUID = 1L;

    public static final String ERROR_CODE = "ThrottlingException";

    private final long retryAfterSeconds;

    public ThrottledException(ThrottleDecision decision, String message) {
        super(Status.TOO_MANY_REQUESTS, ERROR_CODE, message, null);
        this.retryAfterSeconds = decision.retryAfterSeconds();
    }

    /** Whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
