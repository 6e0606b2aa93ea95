package io.roost.core.log;

/** Where a durable append landed. */
public record AppendedRecord(int partition, long offset, long enqueuedTimeMillis) {
}
