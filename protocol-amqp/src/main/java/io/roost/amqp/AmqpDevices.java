package io.roost.amqp;

import io.roost.registry.revocation.DeviceRevocationListener;
import io.roost.registry.revocation.RevocationReason;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The AMQP connections each device is authenticated on right now, so a C2D message queued for a
 * device or a revoked device reaches them. Callbacks hop to each connection's event loop.
 * Thread-safe.
 */
public final class AmqpDevices implements DeviceRevocationListener {

    static final String REPLACED = "the device connected again on another connection";

    private final ConcurrentHashMap<String, Set<AmqpConnectionHandler>> byDevice = new ConcurrentHashMap<>();
    private final Consumer<String> availability = this::c2dAvailable;

    /**
     * The device is authenticated on {@code connection}. As on IoT Hub, a device has one
     * connection: its links on any other connection are closed (a SASL PLAIN connection of that
     * device ends), so the newest connection wins and an old one left behind cannot take its C2D
     * messages.
     */
    void add(String deviceId, AmqpConnectionHandler connection) {
        Set<AmqpConnectionHandler> set = byDevice.computeIfAbsent(deviceId, id -> ConcurrentHashMap.newKeySet());
        for (AmqpConnectionHandler older : set) {
            if (older != connection) {
                older.execute(() -> older.authorizations().revoke(deviceId, REPLACED));
            }
        }
        set.add(connection);
    }

    void remove(String deviceId, AmqpConnectionHandler connection) {
        byDevice.computeIfPresent(deviceId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many connections the device is authenticated on. */
    int connections(String deviceId) {
        Set<AmqpConnectionHandler> set = byDevice.get(deviceId);
        return set == null ? 0 : set.size();
    }

    Consumer<String> c2dAvailability() {
        return availability;
    }

    private void c2dAvailable(String deviceId) {
        Set<AmqpConnectionHandler> set = byDevice.get(deviceId);
        if (set != null) {
            set.forEach(connection -> connection.execute(() -> connection.c2dAvailable(deviceId)));
        }
    }

    @Override
    public void deviceRevoked(String deviceId, RevocationReason reason) {
        Set<AmqpConnectionHandler> set = byDevice.get(deviceId);
        if (set != null) {
            set.forEach(connection -> connection.execute(() -> connection.authorizations().revoke(deviceId, "device " + reason)));
        }
    }
}
