package io.roost.core.c2d;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and timings of the cloud-to-device queues; IoT Hub's numbers by default
 * ({@code docs/cloud-to-device.md}). Immutable.
 *
 * @param maxQueueDepth messages a device's queue holds, locked ones included (config {@code c2d.maxQueueDepth})
 * @param defaultTtl how long a message without an expiry time lives (config {@code c2d.defaultTtl})
 * @param maxTtl the longest a message may live; later expiry times are brought down to it
 * @param lockTimeout how long a delivered message stays invisible waiting for complete, abandon or reject
 *     (config {@code c2d.lockTimeout})
 * @param maxDeliveryCount deliveries after which an abandoned or timed-out message is dead-lettered
 *     (config {@code c2d.maxDeliveryCount})
 * @param maxBodyBytes the largest body a message may have
 * @param feedbackBatchSize records in a feedback message at most
 * @param feedbackBatchDelay how long a record waits for others before it is sent in a smaller batch
 * @param feedbackLockTimeout how long a received feedback message waits for complete or abandon
 * @param feedbackTtl how long feedback nobody reads is kept; older records are dropped by the sweep
 * @param sweepInterval how often expiry and lock timeouts are checked; zero turns the timer off
 *     (tests then call {@link C2dQueues#sweep()} with their own clock)
 */
public record C2dSettings(
        int maxQueueDepth,
        Duration defaultTtl,
        Duration maxTtl,
        Duration lockTimeout,
        int maxDeliveryCount,
        int maxBodyBytes,
        int feedbackBatchSize,
        Duration feedbackBatchDelay,
        Duration feedbackLockTimeout,
        Duration feedbackTtl,
        Duration sweepInterval) {

    public static final int DEFAULT_MAX_QUEUE_DEPTH = 50;
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration MAX_TTL = Duration.ofHours(48);
    public static final int DEFAULT_MAX_DELIVERY_COUNT = 10;
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);

    public C2dSettings {
        requirePositive(maxQueueDepth, "maxQueueDepth");
        requirePositive(defaultTtl, "defaultTtl");
        requirePositive(maxTtl, "maxTtl");
        if (defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("defaultTtl " + defaultTtl + " is longer than maxTtl " + maxTtl);
        }
        requirePositive(lockTimeout, "lockTimeout");
        requirePositive(maxDeliveryCount, "maxDeliveryCount");
        requirePositive(maxBodyBytes, "maxBodyBytes");
        requirePositive(feedbackBatchSize, "feedbackBatchSize");
        requirePositive(feedbackBatchDelay, "feedbackBatchDelay");
        requirePositive(feedbackLockTimeout, "feedbackLockTimeout");
        requirePositive(feedbackTtl, "feedbackTtl");
        if (Objects.requireNonNull(sweepInterval, "sweepInterval").isNegative()) {
            throw new IllegalArgumentException("sweepInterval must not be negative");
        }
    }

    /** IoT Hub's limits, checked every second. */
    public static C2dSettings defaults() {
        return new C2dSettings(DEFAULT_MAX_QUEUE_DEPTH, DEFAULT_TTL, MAX_TTL, DEFAULT_LOCK_TIMEOUT,
                DEFAULT_MAX_DELIVERY_COUNT, MAX_BODY_BYTES, 64, Duration.ofSeconds(15), Duration.ofSeconds(60),
                MAX_TTL, Duration.ofSeconds(1));
    }

    public C2dSettings withMaxQueueDepth(int depth) {
        return new C2dSettings(depth, defaultTtl, maxTtl, lockTimeout, maxDeliveryCount, maxBodyBytes,
                feedbackBatchSize, feedbackBatchDelay, feedbackLockTimeout, feedbackTtl, sweepInterval);
    }

    public C2dSettings withDefaultTtl(Duration ttl) {
        return new C2dSettings(maxQueueDepth, ttl, maxTtl, lockTimeout, maxDeliveryCount, maxBodyBytes,
                feedbackBatchSize, feedbackBatchDelay, feedbackLockTimeout, feedbackTtl, sweepInterval);
    }

    public C2dSettings withMaxDeliveryCount(int count) {
        return new C2dSettings(maxQueueDepth, defaultTtl, maxTtl, lockTimeout, count, maxBodyBytes,
                feedbackBatchSize, feedbackBatchDelay, feedbackLockTimeout, feedbackTtl, sweepInterval);
    }

    public C2dSettings withLockTimeout(Duration timeout) {
        return new C2dSettings(maxQueueDepth, defaultTtl, maxTtl, timeout, maxDeliveryCount, maxBodyBytes,
                feedbackBatchSize, feedbackBatchDelay, feedbackLockTimeout, feedbackTtl, sweepInterval);
    }

    public C2dSettings withSweepInterval(Duration interval) {
        return new C2dSettings(maxQueueDepth, defaultTtl, maxTtl, lockTimeout, maxDeliveryCount, maxBodyBytes,
                feedbackBatchSize, feedbackBatchDelay, feedbackLockTimeout, feedbackTtl, interval);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
