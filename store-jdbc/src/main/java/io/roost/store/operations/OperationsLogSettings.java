package io.roost.store.operations;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the durable operations log.
 *
 * @param retention events older than this are deleted (the D2C log's retention: 1-7 days)
 * @param queueCapacity events waiting for the writer; more are dropped and counted
 * @param batchMaxEvents most events written in one transaction (one fsync)
 * @param retentionCheckInterval how often the writer deletes expired events
 * @param clock "now" for retention
 */
public record OperationsLogSettings(Duration retention, int queueCapacity, int batchMaxEvents,
        Duration retentionCheckInterval, Clock clock) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_BATCH_MAX_EVENTS = 500;
    public static final Duration DEFAULT_RETENTION_CHECK_INTERVAL = Duration.ofMinutes(1);

    public OperationsLogSettings {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
        Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the operations log's retention must be > 0: " + retention);
        }
        if (queueCapacity < 1 || batchMaxEvents < 1) {
            throw new IllegalArgumentException("queueCapacity and batchMaxEvents must be >= 1");
        }
    }

    public static OperationsLogSettings of(Duration retention, Clock clock) {
        return new OperationsLogSettings(retention, DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_MAX_EVENTS,
                DEFAULT_RETENTION_CHECK_INTERVAL, clock);
    }

    public OperationsLogSettings withQueueCapacity(int capacity) {
        return new OperationsLogSettings(retention, capacity, batchMaxEvents, retentionCheckInterval, clock);
    }

    public OperationsLogSettings withRetentionCheckInterval(Duration interval) {
        return new OperationsLogSettings(retention, queueCapacity, batchMaxEvents, interval, clock);
    }
}
