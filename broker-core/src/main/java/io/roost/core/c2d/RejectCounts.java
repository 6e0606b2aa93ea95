package io.roost.core.c2d;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How many cloud-to-device messages each device rejected since the server started, so an operator
 * can find the devices that refuse what they are sent. Kept in memory only, for at most
 * {@code capacity} devices: when a device not yet counted rejects a message and the table is full,
 * the device with the fewest rejects (the longest ago among equals) is forgotten. A device that
 * keeps rejecting therefore stays; one that rejected once long ago may go.
 *
 * <p>Thread-safe: the queues' store thread counts, any thread reads.
 */
public final class RejectCounts implements C2dEvents {

    public static final int DEFAULT_CAPACITY = 10_000;

    private static final Comparator<DeviceRejects> FEWEST_FIRST = Comparator.comparingLong(DeviceRejects::rejected)
            .thenComparingLong(DeviceRejects::lastRejectedMillis);

    private final int capacity;
    private final Clock clock;
    private final Map<String, DeviceRejects> byDevice = new HashMap<>();

    public RejectCounts(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void rejected(QueuedC2dMessage message) {
        long now = clock.millis();
        DeviceRejects before = byDevice.get(message.deviceId());
        if (before == null && byDevice.size() >= capacity) {
            byDevice.values().stream().min(FEWEST_FIRST).ifPresent(fewest -> byDevice.remove(fewest.deviceId()));
        }
        long count = before == null ? 1 : before.rejected() + 1;
        byDevice.put(message.deviceId(), new DeviceRejects(message.deviceId(), count, now));
    }

    /** Drops the device's count, e.g. when the device is deleted. */
    public synchronized void forget(String deviceId) {
        byDevice.remove(deviceId);
    }

    /** The {@code n} devices with the most rejects, most first; among equals the latest first. */
    public synchronized List<DeviceRejects> top(int n) {
        return byDevice.values().stream().sorted(FEWEST_FIRST.reversed()).limit(n).toList();
    }

    /**
     * @param rejected messages the device rejected since the server started (or since it was
     *     counted again after being forgotten)
     * @param lastRejectedMillis when it last rejected one (epoch ms)
     */
    public record DeviceRejects(String deviceId, long rejected, long lastRejectedMillis) {
    }
}
