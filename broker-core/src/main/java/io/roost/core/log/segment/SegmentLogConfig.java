package io.roost.core.log.segment;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded segment-file log. Durability: an append's future completes only after
 * the batch holding it was forced to disk; {@code maxLinger} and the batch limits trade latency for
 * fewer fsyncs, never durability. See docs/storage-format.md and docs/configuration.md.
 *
 * @param directory where partitions live ({data-dir}/d2c)
 * @param partitions 2-32, used only when the log is created; an existing log keeps its own count
 * @param maxMessageBytes largest body accepted (IoT Hub: 256 KB)
 * @param segmentBytes a segment rolls when it would grow past this
 * @param segmentRoll a non-empty segment rolls when its first record is this old, so quiet partitions age out
 * @param retention records older than this are deleted segment by segment (1-7 days)
 * @param retentionBytesPerPartition oldest segments are deleted while a partition is larger than this
 * @param appendQueueCapacity appends waiting per partition before new ones are refused
 * @param batchMaxBytes most bytes written per fsync
 * @param maxLinger how long the appender waits for more appends before forcing a batch (0: never waits)
 * @param indexIntervalBytes bytes of log between two sparse index entries
 * @param retentionCheckInterval how often retention runs
 * @param clock source of enqueued times and retention's "now"
 */
public record SegmentLogConfig(
        Path directory,
        int partitions,
        int maxMessageBytes,
        long segmentBytes,
        Duration segmentRoll,
        Duration retention,
        long retentionBytesPerPartition,
        int appendQueueCapacity,
        int batchMaxBytes,
        Duration maxLinger,
        int indexIntervalBytes,
        Duration retentionCheckInterval,
        Clock clock) {

    public static final int MIN_PARTITIONS = 2;
    public static final int MAX_PARTITIONS = 32;
    public static final Duration MAX_RETENTION = Duration.ofDays(7);

    public SegmentLogConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        requireRange("d2c.partitions", partitions, MIN_PARTITIONS, MAX_PARTITIONS);
        requireRange("d2c.maxMessageBytes", maxMessageBytes, 1, 16 * 1024 * 1024);
        requireRange("d2c.segmentBytes", segmentBytes, 4096, Integer.MAX_VALUE);
        requireRange("d2c.appendQueueCapacity", appendQueueCapacity, 1, 1 << 24);
        requireRange("d2c.batchMaxBytes", batchMaxBytes, 4096, 64 * 1024 * 1024);
        requireRange("d2c.indexIntervalBytes", indexIntervalBytes, 64, 1 << 24);
        if (retention.isNegative() || retention.isZero() || retention.compareTo(MAX_RETENTION) > 0) {
            throw new IllegalArgumentException("d2c.retention must be more than 0 and at most 7 days, was " + retention);
        }
        if (maxLinger.isNegative()) {
            throw new IllegalArgumentException("d2c.maxLinger must be >= 0, was " + maxLinger);
        }
        if (segmentRoll.isNegative() || segmentRoll.isZero()) {
            throw new IllegalArgumentException("d2c.segmentRoll must be > 0, was " + segmentRoll);
        }
        if (retentionBytesPerPartition < segmentBytes) {
            throw new IllegalArgumentException("d2c.retentionBytesPerPartition must be >= d2c.segmentBytes");
        }
    }

    private static void requireRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    public Builder toBuilder() {
        return new Builder(directory)
                .partitions(partitions)
                .maxMessageBytes(maxMessageBytes)
                .segmentBytes(segmentBytes)
                .segmentRoll(segmentRoll)
                .retention(retention)
                .retentionBytesPerPartition(retentionBytesPerPartition)
                .appendQueueCapacity(appendQueueCapacity)
                .batchMaxBytes(batchMaxBytes)
                .maxLinger(maxLinger)
                .indexIntervalBytes(indexIntervalBytes)
                .retentionCheckInterval(retentionCheckInterval)
                .clock(clock);
    }

    /** Defaults are IoT Hub's where it has one (256 KB messages, 1 day retention, 4 partitions). */
    public static final class Builder {
        private final Path directory;
        private int partitions = 4;
        private int maxMessageBytes = 256 * 1024;
        private long segmentBytes = 64L * 1024 * 1024;
        private Duration segmentRoll = Duration.ofHours(1);
        private Duration retention = Duration.ofDays(1);
        private long retentionBytesPerPartition = 16L * 1024 * 1024 * 1024;
        private int appendQueueCapacity = 16 * 1024;
        private int batchMaxBytes = 1024 * 1024;
        private Duration maxLinger = Duration.ZERO;
        private int indexIntervalBytes = 4096;
        private Duration retentionCheckInterval = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(Path directory) {
            this.directory = directory;
        }

        public Builder partitions(int value) {
            partitions = value;
            return this;
        }

        public Builder maxMessageBytes(int value) {
            maxMessageBytes = value;
            return this;
        }

        public Builder segmentBytes(long value) {
            segmentBytes = value;
            return this;
        }

        public Builder segmentRoll(Duration value) {
            segmentRoll = value;
            return this;
        }

        public Builder retention(Duration value) {
            retention = value;
            return this;
        }

        public Builder retentionBytesPerPartition(long value) {
            retentionBytesPerPartition = value;
            return this;
        }

        public Builder appendQueueCapacity(int value) {
            appendQueueCapacity = value;
            return this;
        }

        public Builder batchMaxBytes(int value) {
            batchMaxBytes = value;
            return this;
        }

        public Builder maxLinger(Duration value) {
            maxLinger = value;
            return this;
        }

        public Builder indexIntervalBytes(int value) {
            indexIntervalBytes = value;
            return this;
        }

        public Builder retentionCheckInterval(Duration value) {
            retentionCheckInterval = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public SegmentLogConfig build() {
            return new SegmentLogConfig(directory, partitions, maxMessageBytes, segmentBytes, segmentRoll,
                    retention, retentionBytesPerPartition, appendQueueCapacity, batchMaxBytes, maxLinger,
                    indexIntervalBytes, retentionCheckInterval, clock);
        }
    }
}
