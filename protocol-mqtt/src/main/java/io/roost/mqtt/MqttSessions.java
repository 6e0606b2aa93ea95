package io.roost.mqtt;

import io.netty.channel.Channel;
import io.roost.core.session.DeviceConnections;
import io.roost.registry.revocation.DeviceRevocationListener;
import io.roost.registry.revocation.RevocationReason;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The live MQTT connection of each device, across every MQTT listener: one session per device.
 * Registering a device that is already connected (over MQTT or, through the shared
 * {@link DeviceConnections}, another protocol) closes the older connection; a revocation by the
 * registry (disabled, deleted, keys changed) closes the live one. Closing always happens on the
 * channel's own event loop. Thread-safe.
 *
 * <p>It also remembers, in memory, which devices hold a persistent session (CleanSession=0) with a
 * C2D subscription, so their delivery resumes on reconnect without a new SUBSCRIBE. After a
 * restart that is forgotten and CONNACK says so (session present = 0), so clients subscribe again.
 */
public final class MqttSessions implements DeviceRevocationListener {

    private final DeviceConnections connections;
    private final ConcurrentMap<String, Channel> byDeviceId = new ConcurrentHashMap<>();
    /** Connections whose CONNECT is being authenticated, by device: a revocation closes them too. */
    private final ConcurrentMap<Channel, String> authenticating = new ConcurrentHashMap<>();
    private final Set<String> persistentC2dSubscribers = ConcurrentHashMap.newKeySet();
    private final Consumer<String> c2dAvailability = this::c2dAvailable;

    /** Sessions whose devices replace only each other. */
    public MqttSessions() {
        this(new DeviceConnections());
    }

    /** @param connections every protocol's connections of each device: a newer one on any replaces the older */
    public MqttSessions(DeviceConnections connections) {
        this.connections = connections;
    }

    /**
     * Notes that {@code channel} is authenticating as {@code deviceId}, until {@link #register} or
     * the channel closes: a revocation meanwhile (the registry may have answered from the state
     * before it) closes it.
     */
    void authenticating(String deviceId, Channel channel) {
        authenticating.put(channel, deviceId);
        channel.closeFuture().addListener(done -> authenticating.remove(channel));
    }

    /**
     * Makes {@code channel} the device's session; the connection it replaces, over MQTT or another
     * protocol ({@link DeviceConnections}), is closed.
     */
    void register(String deviceId, Channel channel) {
        authenticating.remove(channel);
        byDeviceId.put(deviceId, channel);
        connections.connected(deviceId, channel, (id, reason) -> close(channel, reason));
        channel.closeFuture().addListener(done -> {
            byDeviceId.remove(deviceId, channel);
            connections.disconnected(deviceId, channel);
        });
    }

    /** Tells the device's live session, if any, that its C2D queue may have a message. */
    Consumer<String> c2dAvailability() {
        return c2dAvailability;
    }

    private void c2dAvailable(String deviceId) {
        Channel live = byDeviceId.get(deviceId);
        if (live != null) {
            live.eventLoop().execute(() -> {
                SessionHandler session = live.pipeline().get(SessionHandler.class);
                if (session != null) {
                    session.c2dAvailable();
                }
            });
        }
    }

    /** The device subscribed to C2D in a persistent session (or, with {@code false}, no longer holds one). */
    void persistentC2dSubscription(String deviceId, boolean subscribed) {
        if (subscribed) {
            persistentC2dSubscribers.add(deviceId);
        } else {
            persistentC2dSubscribers.remove(deviceId);
        }
    }

    /** Whether the device's persistent session holds a C2D subscription. */
    boolean hasPersistentC2dSubscription(String deviceId) {
        return persistentC2dSubscribers.contains(deviceId);
    }

    /** Whether the device has a live MQTT session now. */
    public boolean isConnected(String deviceId) {
        return byDeviceId.containsKey(deviceId);
    }

    /** The number of devices connected now. */
    public int connectedDevices() {
        return byDeviceId.size();
    }

    @Override
    public void deviceRevoked(String deviceId, RevocationReason reason) {
        String why = "device " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (reason == RevocationReason.DELETED) {
            persistentC2dSubscribers.remove(deviceId);
        }
        authenticating.forEach((channel, id) -> {
            if (id.equals(deviceId)) {
                close(channel, why);
            }
        });
        Channel live = byDeviceId.get(deviceId);
        if (live != null) {
            close(live, why);
        }
    }

    private static void close(Channel channel, String reason) {
        channel.eventLoop().execute(() -> {
            SessionHandler session = channel.pipeline().get(SessionHandler.class);
            if (session != null) {
                session.closeWithReason(reason);
            } else {
                channel.close();
            }
        });
    }
}
