package io.roost.core.log.segment;

/**
 * What a segment holds, as recovered by a scan or read from its index file.
 *
 * @param validBytes length of the segment's valid prefix
 * @param nextOffset one past the last record's offset (the base offset when empty)
 * @param firstTimestamp enqueued time of the first record, -1 when empty
 * @param maxTimestamp enqueued time of the last record, -1 when empty
 */
record SegmentState(long baseOffset, long validBytes, long nextOffset, long firstTimestamp, long maxTimestamp,
        SparseIndex index) {

    boolean isEmpty() {
        return nextOffset == baseOffset;
    }
}
