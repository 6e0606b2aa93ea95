package io.roost.registry.revocation;

/**
 * Told when a device's existing sessions lose their right to stay connected: the device was
 * disabled, deleted, or its credentials changed. Registered by the session owners (broker-core /
 * protocol code) with {@code DeviceRegistry#addRevocationListener}.
 *
 * <p>Called after the change is durable, on a registry worker thread, once per change, in commit
 * order for one device. Must not block (hand the work to the session's own executor); an exception
 * is logged and does not stop other listeners. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DeviceRevocationListener {

    void deviceRevoked(String deviceId, RevocationReason reason);

    /**
     * The same, with the generation of the identity that lost its rights (a device created again
     * with the same id has a new one); what the registry calls. Listeners that must tell
     * generations apart override this one.
     */
    default void deviceRevoked(String deviceId, String generationId, RevocationReason reason) {
        deviceRevoked(deviceId, reason);
    }
}
