package io.roost.core.log;

import io.roost.core.message.TelemetryMessage;
import java.util.concurrent.CompletableFuture;

/**
 * The device-to-cloud log: a fixed number of partitions, each an append-only sequence of records
 * numbered from 0 by offset (the offset is the partition's sequence number). A device's messages
 * always land in the same partition, {@link #partitionFor(String)}, so they stay in order.
 *
 * <p>Implementations are thread-safe. The embedded one is
 * {@link io.roost.core.log.segment.SegmentLog}; a Kafka-backed one comes later.
 */
public interface TelemetryLog extends AutoCloseable {

    int partitionCount();

    /** The partition of a device: a stable hash of its id, the same across restarts and versions. */
    default int partitionFor(String deviceId) {
        return PartitionHash.partitionOf(deviceId, partitionCount());
    }

    /**
     * Appends a message to its device's partition and stamps its offset and enqueued time.
     *
     * <p>The future completes only after the record is durable (on disk, fsync'd); only then may a
     * protocol acknowledge it. It fails with a {@link io.roost.core.error.RoostException}:
     * {@code UNAVAILABLE} when the partition's append queue is full or the log is closed,
     * {@code PAYLOAD_TOO_LARGE} when the record exceeds the maximum size, {@code INTERNAL_ERROR} when
     * the disk write fails. A failed append is not in the log.
     *
     * <p>Callers that read from a network should watch {@link #isWritable(int)} after each append and
     * stop reading while it is false.
     */
    CompletableFuture<AppendedRecord> append(TelemetryMessage message);

    /**
     * Whether the partition's append queue has room below its high-water mark. Once it turns false,
     * producers should pause and resume from {@link #whenWritable(int, Runnable)}; appends made while
     * it is false are still taken until the queue is completely full.
     */
    boolean isWritable(int partition);

    /**
     * Runs {@code callback} once the partition's queue has drained below its low-water mark, or at
     * once (on the caller's thread) if it already has. The callback runs on the partition's appender
     * thread and must not block; hop to your own executor.
     */
    void whenWritable(int partition, Runnable callback);

    /**
     * Opens a reader of one partition. Readers see only durable records, never take the append
     * lock, and may be used by one thread at a time.
     *
     * @throws io.roost.core.error.RoostException {@code OUT_OF_RANGE} when the position is an offset
     *     retention already deleted ("out of range, earliest is N"), {@code BAD_REQUEST} for a
     *     partition that does not exist
     */
    LogReader openReader(int partition, StartPosition position);

    /**
     * A future that completes once the record at {@code offset} of the partition is readable, that
     * is once the partition's next offset exceeds {@code offset}: at once if it already does (also
     * when retention already deleted that offset), otherwise right after the batch holding it is
     * durable and published to readers. This is how long polls wait without holding a thread.
     *
     * <p>The future usually completes on the partition's appender thread: dependent stages must not
     * block, read the log or do I/O there; hop to your own executor ({@code thenRunAsync(.., executor)}).
     * Callers bound the wait themselves ({@code orTimeout}); a future that completes or is cancelled
     * early is forgotten by the log, so abandoned waits do not accumulate. It fails with
     * {@code UNAVAILABLE} when the log closes.
     *
     * @throws io.roost.core.error.RoostException {@code BAD_REQUEST} for a partition that does not exist
     */
    CompletableFuture<Void> whenRecordAvailable(int partition, long offset);

    /** Offsets, times and size of one partition right now. */
    PartitionInfo partitionInfo(int partition);

    /** Durable per-partition checkpoints of named consumer groups. */
    ConsumerGroups consumerGroups();

    /** Stops taking appends, completes those queued, forces them to disk and marks a clean shutdown. */
    @Override
    void close();
}
