package io.roost.core.session;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The one live connection of each device, across every protocol: as on IoT Hub, a device that
 * connects again (over the same protocol or another) replaces its older connection, which is told
 * to end. Protocols keep their own per-connection state; this only decides who is the device's
 * connection now. Thread-safe.
 */
public final class DeviceConnections {

    /** The reason an older connection is given when the device connects again. */
    public static final String REPLACED = "the device connected again on another connection";

    /** Ends one protocol's connection of a device; called on the new connection's thread: hop to your own. */
    @FunctionalInterface
    public interface Ending {
        void replaced(String deviceId, String reason);
    }

    private record Live(Object connection, Ending ending) {
    }

    private final ConcurrentMap<String, Live> byDevice = new ConcurrentHashMap<>();

    /**
     * {@code connection} (any object that names it: a channel, a connection handler) is now the
     * device's; the device's previous connection, if it was another one, is ended with
     * {@link #REPLACED}. Calling it again for the same connection (a renewed token) changes nothing.
     */
    public void connected(String deviceId, Object connection, Ending ending) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(ending, "ending");
        Live previous = byDevice.put(deviceId, new Live(connection, ending));
        if (previous != null && previous.connection() != connection) {
            previous.ending().replaced(deviceId, REPLACED);
        }
    }

    /** The connection ended; forgets it unless the device has a newer one already. */
    public void disconnected(String deviceId, Object connection) {
        byDevice.computeIfPresent(deviceId, (id, live) -> live.connection() == connection ? null : live);
    }

    /** Whether the device has a live connection on any protocol. */
    public boolean isConnected(String deviceId) {
        return byDevice.containsKey(deviceId);
    }
}
