package io.roost.core.message;

import java.util.Map;
import java.util.Objects;

/**
 * A device-to-cloud message as a protocol hands it to the core, before the log gives it an offset
 * and an enqueued time. Immutable; property maps are copied and keep their insertion order.
 *
 * @param deviceId the authenticated device that sent it (the partition key)
 * @param systemProperties IoT Hub system properties, keys from {@link SystemProperty}
 * @param applicationProperties the device's own string properties
 * @param body the payload, not copied: callers must not change it after handing it over
 */
public record TelemetryMessage(
        String deviceId,
        Map<String, String> systemProperties,
        Map<String, String> applicationProperties,
        byte[] body) {

    public TelemetryMessage {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(body, "body");
        systemProperties = PropertyMaps.immutableCopy(systemProperties);
        applicationProperties = PropertyMaps.immutableCopy(applicationProperties);
    }

    public static TelemetryMessage of(String deviceId, byte[] body) {
        return new TelemetryMessage(deviceId, Map.of(), Map.of(), body);
    }
}
