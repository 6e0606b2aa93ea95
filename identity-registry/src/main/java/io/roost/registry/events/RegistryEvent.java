package io.roost.registry.events;

import java.time.Instant;

/**
 * One registry operation and its outcome, for the operations log (category
 * {@value #CATEGORY}). Immutable.
 *
 * @param deviceId null for operations on many devices (list, import, export)
 * @param statusCode HTTP-like: 200 on success, else the failure's status code
 * @param reason null on success, else a message safe to show
 */
public record RegistryEvent(Instant time, RegistryOperation operation, String deviceId, int statusCode,
                            String reason) {

    public static final String CATEGORY = "DeviceIdentityOperations";

    public String category() {
        return CATEGORY;
    }

    public boolean succeeded() {
        return statusCode < 400;
    }
}
