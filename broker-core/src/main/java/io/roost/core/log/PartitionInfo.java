package io.roost.core.log;

/**
 * A snapshot of one partition.
 *
 * @param earliestOffset the first offset still retained (equals {@code nextOffset} when empty)
 * @param nextOffset the offset the next append will get; the last durable record is {@code nextOffset - 1}
 * @param lastEnqueuedTimeMillis enqueued time of the last record, or -1 when the partition is empty
 * @param sizeBytes bytes on disk across the partition's segments
 */
public record PartitionInfo(
        int partition, long earliestOffset, long nextOffset, long lastEnqueuedTimeMillis, long sizeBytes) {

    public boolean isEmpty() {
        return earliestOffset >= nextOffset;
    }

    public long lastOffset() {
        return nextOffset - 1;
    }
}
