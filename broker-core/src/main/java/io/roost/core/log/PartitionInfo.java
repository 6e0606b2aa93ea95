package io.roost.core.log;

/**
 * A snapshot of one partition.
 *
 * @param earliestOffset the first offset still retained (equals {@code nextOffset} when empty)
 * @param nextOffset the offset the next append will get; the last durable record is {@code nextOffset - 1}
 * @param lastEnqueuedTimeMillis enqueued time of the last record, or -1 when the partition is empty
 * @param sizeBytes bytes on disk across the partition's segments
 * @param firstEnqueuedTimeMillis enqueued time of the oldest record still retained, or -1 when the
 *     partition is empty; known from memory, so reading it never touches a file
 */
public record PartitionInfo(int partition, long earliestOffset, long nextOffset, long lastEnqueuedTimeMillis,
        long sizeBytes, long firstEnqueuedTimeMillis) {

    /** Without the oldest record's time, for logs that do not know it. */
    public PartitionInfo(int partition, long earliestOffset, long nextOffset, long lastEnqueuedTimeMillis, long sizeBytes) {
        this(partition, earliestOffset, nextOffset, lastEnqueuedTimeMillis, sizeBytes, -1);
    }

    public boolean isEmpty() {
        return earliestOffset >= nextOffset;
    }

    public long lastOffset() {
        return nextOffset - 1;
    }
}
