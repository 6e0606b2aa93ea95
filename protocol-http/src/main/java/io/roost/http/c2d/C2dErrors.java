package io.roost.http.c2d;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * IoT Hub's error codes for what the C2D routes refuse themselves, and for a device looked up in
 * the registry ({@code DeviceNotFound}); the queues' own failures already carry theirs
 * ({@code DeviceMaximumQueueDepthExceeded}, {@code DeviceMessageLockLost}, {@code MessageTooLarge}).
 * Stateless.
 */
final class C2dErrors {

    static final String ARGUMENT_INVALID = "ArgumentInvalid";
    static final String DEVICE_NOT_FOUND = "DeviceNotFound";

    private C2dErrors() {
    }

    static RoostException argumentInvalid(String message) {
        return new RoostException(Status.BAD_REQUEST, ARGUMENT_INVALID, message, null);
    }

    /** A failed registry lookup as the client should see it; rethrow it from {@code exceptionally}. */
    static RuntimeException deviceLookup(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RoostException roost && roost.errorCode().equals(roost.status().errorCode())) {
            if (roost.status() == Status.NOT_FOUND) {
                return new RoostException(Status.NOT_FOUND, DEVICE_NOT_FOUND, roost.getMessage(), roost);
            }
            if (roost.status() == Status.BAD_REQUEST) {
                return new RoostException(Status.BAD_REQUEST, ARGUMENT_INVALID, roost.getMessage(), roost);
            }
        }
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
