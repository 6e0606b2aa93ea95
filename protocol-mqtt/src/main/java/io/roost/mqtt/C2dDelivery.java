package io.roost.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.mqtt.topic.C2dTopic;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a subscribed device's cloud-to-device queue as QoS 1 PUBLISHes, in queue order, at most
 * {@link #MAX_IN_FLIGHT} unacknowledged at a time and only while the channel is writable. A PUBACK
 * completes the message; a message not acknowledged within the queue's lock timeout is handed out
 * again by the queue (a new delivery, a higher delivery count). When the connection ends, messages
 * still in flight are abandoned so a reconnect gets them at once.
 *
 * <p>Not thread-safe; confined to the channel's event loop (queue results hop back to it).
 */
final class C2dDelivery {

    /** Unacknowledged C2D PUBLISHes per connection; the device's queue holds the rest. */
    static final int MAX_IN_FLIGHT = 8;
    private static final Logger LOG = LoggerFactory.getLogger(C2dDelivery.class);

    private final C2dQueues queues;
    private final String deviceId;
    private final Channel channel;
    private final Clock clock;
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    private boolean subscribed;
    private boolean receiving;
    private boolean availableWhileReceiving;
    private int lastPacketId;

    C2dDelivery(C2dQueues queues, String deviceId, Channel channel, Clock clock) {
        this.queues = queues;
        this.deviceId = deviceId;
        this.channel = channel;
        this.clock = clock;
    }

    boolean isSubscribed() {
        return subscribed;
    }

    /** The device subscribed to its C2D topic: deliver what waits. */
    void start() {
        subscribed = true;
        pull();
    }

    /** The device unsubscribed: send no more; what is in flight may still be acknowledged. */
    void stop() {
        subscribed = false;
    }

    /** The queue may have a message for this device now. */
    void available() {
        if (receiving) {
            availableWhileReceiving = true;
        }
        pull();
    }

    /** Asks the queue for the next message when there is room to send one. */
    void pull() {
        if (!subscribed || receiving || !channel.isActive() || !channel.isWritable()) {
            return;
        }
        forgetEndedLocks();
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            return;
        }
        receiving = true;
        availableWhileReceiving = false;
        queues.receive(deviceId).whenComplete((received, failure) -> channel.eventLoop().execute(() -> {
            receiving = false;
            if (failure != null) {
                LOG.warn("Receiving the next C2D message of device {} failed; retrying when one is sent", deviceId, failure);
                return;
            }
            if (received.isPresent()) {
                send(received.get());
                pull();
            } else if (availableWhileReceiving) {
                pull();
            }
        }));
    }

    private void send(QueuedC2dMessage message) {
        if (!channel.isActive() || !subscribed) {
            abandon(message.lockToken());
            return;
        }
        int packetId = nextPacketId();
        inFlight.put(packetId, new InFlight(message.lockToken(), message.lockedUntilMillis()));
        channel.writeAndFlush(MqttMessageBuilders.publish()
                .topicName(C2dTopic.of(message))
                .qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(packetId)
                .payload(Unpooled.wrappedBuffer(message.message().body()))
                .build());
    }

    /** The device's PUBACK for {@code packetId}: the message is completed. */
    void acknowledged(int packetId) {
        InFlight acked = inFlight.remove(packetId);
        if (acked == null) {
            // Its lock ended and the queue gave it out again; the later delivery counts.
            return;
        }
        queues.complete(deviceId, acked.lockToken()).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.debug("Completing a C2D message of device {} failed: {}", deviceId, failure.getMessage());
            }
        });
        pull();
    }

    /** The connection ended: give back what the device did not acknowledge. */
    void closed() {
        subscribed = false;
        inFlight.values().forEach(unacked -> abandon(unacked.lockToken()));
        inFlight.clear();
    }

    private void abandon(String lockToken) {
        queues.abandon(deviceId, lockToken).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.debug("Abandoning a C2D message of device {} failed: {}", deviceId, failure.getMessage());
            }
        });
    }

    /** Entries whose lock ended no longer hold a place: the queue delivers those messages again. */
    private void forgetEndedLocks() {
        long now = clock.millis();
        inFlight.values().removeIf(entry -> entry.lockedUntilMillis() <= now);
    }

    private int nextPacketId() {
        do {
            lastPacketId = lastPacketId == 0xFFFF ? 1 : lastPacketId + 1;
        } while (inFlight.containsKey(lastPacketId));
        return lastPacketId;
    }

    private record InFlight(String lockToken, long lockedUntilMillis) {
    }
}
