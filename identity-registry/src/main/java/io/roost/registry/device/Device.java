package io.roost.registry.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A device identity as IoT Hub's registry returns it. Immutable; thread-safe. {@code toString}
 * never shows keys (see {@link SymmetricKey#toString()}).
 *
 * <p>{@code connectionState}, {@code connectionStateUpdatedTime}, {@code lastActivityTime} and
 * {@code cloudToDeviceMessageCount} are runtime values owned by the sessions and C2D queues; the
 * registry stores none of them and the server overlays them with {@link #withConnection} and
 * {@link #withCloudToDeviceMessageCount} before answering a client.
 *
 * @param generationId random, set on create; tells a re-created device from an old one of the same id
 * @param etag opaque; changes on every update (see {@link Etags})
 * @param statusUpdatedTime when {@code status} last changed; null until then
 */
public record Device(String deviceId,
                     String generationId,
                     String etag,
                     DeviceStatus status,
                     String statusReason,
                     Instant statusUpdatedTime,
                     ConnectionState connectionState,
                     Instant connectionStateUpdatedTime,
                     Instant lastActivityTime,
                     int cloudToDeviceMessageCount,
                     DeviceAuthentication authentication) {

    public Device {
        DeviceId.requireValid(deviceId);
        Objects.requireNonNull(generationId, "generationId");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(authentication, "authentication");
        connectionState = connectionState == null ? ConnectionState.DISCONNECTED : connectionState;
    }

    /** A stored identity with no runtime state. */
    public static Device stored(String deviceId, String generationId, String etag, DeviceStatus status,
                                String statusReason, Instant statusUpdatedTime,
                                DeviceAuthentication authentication) {
        return new Device(deviceId, generationId, etag, status, statusReason, statusUpdatedTime,
                ConnectionState.DISCONNECTED, null, null, 0, authentication);
    }

    public boolean isEnabled() {
        return status == DeviceStatus.ENABLED;
    }

    public Device withConnection(ConnectionState state, Instant stateUpdatedTime, Instant lastActivity) {
        return new Device(deviceId, generationId, etag, status, statusReason, statusUpdatedTime,
                state, stateUpdatedTime, lastActivity, cloudToDeviceMessageCount, authentication);
    }

    public Device withCloudToDeviceMessageCount(int count) {
        return new Device(deviceId, generationId, etag, status, statusReason, statusUpdatedTime,
                connectionState, connectionStateUpdatedTime, lastActivityTime, count, authentication);
    }
}
