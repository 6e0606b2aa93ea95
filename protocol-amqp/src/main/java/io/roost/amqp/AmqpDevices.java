package io.roost.amqp;

import io.roost.core.session.DeviceConnections;
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

    private final DeviceConnections connections;
    private final ConcurrentHashMap<String, Set<AmqpConnectionHandler>> byDevice = new ConcurrentHashMap<>();
    private final Consumer<String> availability = this::c2dAvailable;

    /**
     * The device is authenticated on {@code connection}. As on IoT Hub, a device has one
     * connection ({@link DeviceConnections}): its links on any other connection, AMQP or not, are
     * closed (a SASL PLAIN connection of that device ends), so the newest connection wins and an old
     * one left behind cannot take its C2D messages.
     */
    void add(String deviceId, AmqpConnectionHandler connection) {
        byDevice.computeIfAbsent(deviceId, id -> ConcurrentHashMap.newKeySet()).add(connection);
        connections.connected(deviceId, connection,
                (id, reason) -> connection.execute(() -> connection.authorizations().revoke(id, reason)));
    }

    void remove(String deviceId, AmqpConnectionHandler connection) {
        connections.disconnected(deviceId, connection);
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

    /** Connections whose devices replace only each other. */
    public AmqpDevices() {
        this(new DeviceConnections());
    }

    /** @param connections every protocol's connections of each device: a newer one on any replaces the older */
    public AmqpDevices(DeviceConnections connections) {
        this.connections = connections;
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
