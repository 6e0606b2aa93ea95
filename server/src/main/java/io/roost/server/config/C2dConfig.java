package io.roost.server.config;

import io.roost.core.c2d.C2dSettings;
import java.time.Duration;

/**
 * Settings of the cloud-to-device queues that an operator may change (docs/configuration.md);
 * the rest are IoT Hub's fixed numbers ({@link C2dSettings#defaults()}). Immutable.
 *
 * @param maxQueueDepth messages one device's queue holds, 1-5000
 * @param defaultTtl how long a message without an expiry time lives, 1 s to 48 h
 * @param maxDeliveryCount deliveries before an abandoned or timed-out message is dead-lettered, 1-100
 * @param lockTimeout how long a delivered message waits for its device to settle it, 5 s to 5 min
 */
public record C2dConfig(int maxQueueDepth, Duration defaultTtl, int maxDeliveryCount, Duration lockTimeout) {

    public static final int DEFAULT_MAX_QUEUE_DEPTH = C2dSettings.DEFAULT_MAX_QUEUE_DEPTH;
    public static final int MAX_QUEUE_DEPTH = 5000;
    public static final Duration DEFAULT_TTL = C2dSettings.DEFAULT_TTL;
    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    /** Also the most any message may live: a later expiry time is brought down to it. */
    public static final Duration MAX_TTL = C2dSettings.MAX_TTL;
    public static final int DEFAULT_MAX_DELIVERY_COUNT = C2dSettings.DEFAULT_MAX_DELIVERY_COUNT;
    public static final int MAX_DELIVERY_COUNT = 100;
    public static final Duration DEFAULT_LOCK_TIMEOUT = C2dSettings.DEFAULT_LOCK_TIMEOUT;
    public static final Duration MIN_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration MAX_LOCK_TIMEOUT = Duration.ofMinutes(5);

    /** IoT Hub's defaults. */
    public static C2dConfig defaults() {
        return new C2dConfig(DEFAULT_MAX_QUEUE_DEPTH, DEFAULT_TTL, DEFAULT_MAX_DELIVERY_COUNT, DEFAULT_LOCK_TIMEOUT);
    }
}
