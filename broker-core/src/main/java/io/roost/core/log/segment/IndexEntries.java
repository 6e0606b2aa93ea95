package io.roost.core.log.segment;

import java.util.Arrays;

/**
 * Index entries collected while a batch is written, added to the segment's index only once the
 * batch is durable. Reused batch after batch; confined to one appender thread.
 */
final class IndexEntries {

    private long[] offsets = new long[16];
    private int[] positions = new int[16];
    private long[] timestamps = new long[16];
    private int size;

    void add(long offset, int position, long timestamp) {
        if (size == offsets.length) {
            offsets = Arrays.copyOf(offsets, size * 2);
            positions = Arrays.copyOf(positions, size * 2);
            timestamps = Arrays.copyOf(timestamps, size * 2);
        }
        offsets[size] = offset;
        positions[size] = position;
        timestamps[size] = timestamp;
        size++;
    }

    int size() {
        return size;
    }

    long offsetAt(int i) {
        return offsets[i];
    }

    int positionAt(int i) {
        return positions[i];
    }

    long timestampAt(int i) {
        return timestamps[i];
    }

    void clear() {
        size = 0;
    }
}
