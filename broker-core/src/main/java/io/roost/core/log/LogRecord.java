package io.roost.core.log;

import io.roost.core.message.TelemetryMessage;

/**
 * A record read back from the log.
 *
 * @param offset the record's offset in its partition, which is also its sequence number
 * @param enqueuedTimeMillis when the log took it, epoch milliseconds; never decreases within a partition
 */
public record LogRecord(int partition, long offset, long enqueuedTimeMillis, TelemetryMessage message) {
}
