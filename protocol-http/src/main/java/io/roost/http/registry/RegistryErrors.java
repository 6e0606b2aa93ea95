package io.roost.http.registry;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Gives registry failures IoT Hub's error codes for the registry API ({@code DeviceNotFound},
 * {@code DeviceAlreadyExists}, {@code PreconditionFailed}, {@code ArgumentInvalid}); the status
 * and message stay the registry's. A failure that already has a precise code keeps it. Stateless.
 */
final class RegistryErrors {

    private RegistryErrors() {
    }

    /**
     * @param creating true for a create, where CONFLICT means the id is taken
     * @return the failure to rethrow from an {@code exceptionally} stage
     */
    static RuntimeException translate(Throwable failure, boolean creating) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (!(cause instanceof RoostException roost)) {
            return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        }
        if (!roost.errorCode().equals(roost.status().errorCode())) {
            return roost;
        }
        String code = switch (roost.status()) {
            case BAD_REQUEST -> "ArgumentInvalid";
            case NOT_FOUND -> "DeviceNotFound";
            case CONFLICT -> creating ? "DeviceAlreadyExists" : null;
            default -> null;
        };
        return code == null ? roost : new RoostException(roost.status(), code, roost.getMessage(), roost.getCause());
    }

    static RoostException badRequest(String message) {
        return new RoostException(Status.BAD_REQUEST, "ArgumentInvalid", message, null);
    }
}
