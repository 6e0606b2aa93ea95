package io.roost.server.config;

/**
 * Settings of the device-to-cloud telemetry log. Immutable. Durability meaning of the batching
 * settings: docs/storage-format.md ("Durability").
 *
 * @param partitions 2-32, fixed when the log is created
 * @param retentionDays 1-7
 * @param maxMessageBytes largest message body accepted
 * @param maxPartitionMegabytes oldest segments are deleted while a partition is larger
 * @param batchMaxBytes most bytes one fsync covers
 * @param maxLingerMillis how long an appender waits for more appends before forcing a batch
 * @param appendQueueCapacity appends waiting per partition before new ones are refused
 */
public record D2cConfig(int partitions, int retentionDays, int maxMessageBytes, int maxPartitionMegabytes,
        int batchMaxBytes, int maxLingerMillis, int appendQueueCapacity) {

    /** The defaults for every setting but the three every operator sees first. */
    public static D2cConfig of(int partitions, int retentionDays, int maxMessageBytes) {
        return new D2cConfig(partitions, retentionDays, maxMessageBytes, ConfigLoader.DEFAULT_MAX_PARTITION_MEGABYTES,
                ConfigLoader.DEFAULT_BATCH_MAX_BYTES, 0, ConfigLoader.DEFAULT_APPEND_QUEUE_CAPACITY);
    }
}
