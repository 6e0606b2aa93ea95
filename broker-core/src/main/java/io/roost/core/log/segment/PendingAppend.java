package io.roost.core.log.segment;

import io.roost.core.log.AppendedRecord;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** An encoded record waiting in a partition's append queue, and the future its producer holds. */
final class PendingAppend {

    /** Wakes the appender without carrying a record (shutdown, control tasks). */
    static final PendingAppend WAKE_UP = new PendingAppend(ByteBuffer.allocate(0));

    final ByteBuffer record;
    final CompletableFuture<AppendedRecord> future = new CompletableFuture<>();
    /** Set by the appender when it writes the record. */
    long offset;

    PendingAppend(ByteBuffer record) {
        this.record = record;
    }

    int size() {
        return record.remaining();
    }
}
