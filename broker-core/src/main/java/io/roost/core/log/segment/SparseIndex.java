package io.roost.core.log.segment;

import java.util.Arrays;

/**
 * A sparse, in-memory index of one segment: every few KB of log, the offset, file position and
 * enqueued time of the record starting there. Because enqueued times never decrease within a
 * partition, the same entries serve lookups by offset and by time.
 *
 * <p>One writer (the partition's appender or the loader) and any number of readers: entries are
 * written before the volatile size that publishes them, and the arrays are never replaced while
 * the segment is active.
 */
final class SparseIndex {

    private final long[] offsets;
    private final int[] positions;
    private final long[] timestamps;
    private volatile int size;

    SparseIndex(int capacity) {
        this.offsets = new long[capacity];
        this.positions = new int[capacity];
        this.timestamps = new long[capacity];
    }

    private SparseIndex(long[] offsets, int[] positions, long[] timestamps) {
        this.offsets = offsets;
        this.positions = positions;
        this.timestamps = timestamps;
        this.size = offsets.length;
    }

    static SparseIndex of(long[] offsets, int[] positions, long[] timestamps) {
        return new SparseIndex(offsets, positions, timestamps);
    }

    /** Adds an entry; silently keeps the index sparser when full (lookups just scan further). */
    void add(long offset, int position, long timestamp) {
        int n = size;
        if (n == offsets.length) {
            return;
        }
        offsets[n] = offset;
        positions[n] = position;
        timestamps[n] = timestamp;
        size = n + 1;
    }

    int size() {
        return size;
    }

    long offsetAt(int entry) {
        return offsets[entry];
    }

    int positionAt(int entry) {
        return positions[entry];
    }

    long timestampAt(int entry) {
        return timestamps[entry];
    }

    /** File position to scan from to find {@code offset}: the last entry at or before it, else 0. */
    int positionForOffset(long offset) {
        int n = size;
        int found = lastIndexWhere(n, offsets, offset, true);
        return found < 0 ? 0 : positions[found];
    }

    /** File position to scan from to find the first record with time >= {@code timestamp}. */
    int positionForTime(long timestamp) {
        int n = size;
        int found = lastIndexWhere(n, timestamps, timestamp, false);
        return found < 0 ? 0 : positions[found];
    }

    /** A compact copy for a sealed segment, so retained segments don't hold unused capacity. */
    SparseIndex trimmed() {
        int n = size;
        return new SparseIndex(Arrays.copyOf(offsets, n), Arrays.copyOf(positions, n), Arrays.copyOf(timestamps, n));
    }

    /** Last entry whose key is <= target (orEqual) or < target, by binary search over sorted keys. */
    private static int lastIndexWhere(int n, long[] keys, long target, boolean orEqual) {
        int low = 0;
        int high = n - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            boolean before = orEqual ? keys[mid] <= target : keys[mid] < target;
            if (before) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }
}
