package io.roost.core.log.segment;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.io.IOException;

/**
 * Finds the first offset enqueued at or after a time. Enqueued times never decrease within a
 * partition, so the first segment whose newest record qualifies holds the answer.
 */
final class TimeSeek {

    private TimeSeek() {
    }

    static long firstOffsetAtOrAfter(PartitionLog partition, long timeMillis, boolean inclusive) {
        try {
            for (Segment segment : partition.segments()) {
                if (segment.isEmpty() || !qualifies(segment.maxTimestamp(), timeMillis, inclusive)) {
                    continue;
                }
                SegmentCursor cursor = new SegmentCursor(segment, segment.index().positionForTime(timeMillis),
                        partition.maxRecordBytes());
                while (cursor.advance()) {
                    if (qualifies(cursor.enqueuedTimeMillis(), timeMillis, inclusive)) {
                        return cursor.offset();
                    }
                }
            }
        } catch (IOException e) {
            throw new RoostException(Status.INTERNAL_ERROR,
                    "seeking partition " + partition.partition() + " by time failed", e);
        }
        return partition.nextOffset();
    }

    private static boolean qualifies(long recordTime, long timeMillis, boolean inclusive) {
        return inclusive ? recordTime >= timeMillis : recordTime > timeMillis;
    }
}
