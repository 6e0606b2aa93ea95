package io.roost.core.log;

/**
 * Where a reader starts. Offsets and sequence numbers are the same number in this log; both forms
 * exist because Event Hubs clients ask for either. {@code inclusive=false} starts after the record.
 */
public sealed interface StartPosition {

    /** The oldest retained record. */
    static StartPosition earliest() {
        return Earliest.INSTANCE;
    }

    /** Only records appended after the reader opens. */
    static StartPosition latest() {
        return Latest.INSTANCE;
    }

    static StartPosition fromOffset(long offset, boolean inclusive) {
        return new AtOffset(offset, inclusive);
    }

    static StartPosition fromOffset(long offset) {
        return new AtOffset(offset, true);
    }

    static StartPosition fromSequenceNumber(long sequenceNumber, boolean inclusive) {
        return new AtOffset(sequenceNumber, inclusive);
    }

    /** The first record enqueued at or after the given time (epoch ms); inclusive=false: strictly after. */
    static StartPosition fromEnqueuedTime(long enqueuedTimeMillis, boolean inclusive) {
        return new AtEnqueuedTime(enqueuedTimeMillis, inclusive);
    }

    static StartPosition fromEnqueuedTime(long enqueuedTimeMillis) {
        return new AtEnqueuedTime(enqueuedTimeMillis, true);
    }

    enum Earliest implements StartPosition {
        INSTANCE
    }

    enum Latest implements StartPosition {
        INSTANCE
    }

    record AtOffset(long offset, boolean inclusive) implements StartPosition {
        public AtOffset {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be >= 0: " + offset);
            }
        }

        /** The first offset this position includes. */
        public long firstOffset() {
            return inclusive ? offset : offset + 1;
        }
    }

    record AtEnqueuedTime(long enqueuedTimeMillis, boolean inclusive) implements StartPosition {
        @Override
        public String toString() {
            return "AtEnqueuedTime[" + enqueuedTimeMillis + (inclusive ? ", inclusive]" : ", exclusive]");
        }
    }
}
