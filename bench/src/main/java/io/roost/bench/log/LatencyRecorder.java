package io.roost.bench.log;

import java.util.Arrays;

/**
 * Latencies in nanoseconds in a preallocated array, one slot per sample, so recording allocates
 * nothing and needs no lock. Slots are claimed by a single thread ({@link #claim}); the value may
 * be written by another ({@link #record}). Read the summary only after every claimed slot was
 * written and that write is visible (e.g. after a semaphore or latch hand-off).
 */
final class LatencyRecorder {

    private final long[] nanos;
    private int claimed;
    private long dropped;

    LatencyRecorder(int capacity) {
        this.nanos = new long[capacity];
    }

    /** The slot for the next sample, or -1 when the array is full (the sample is then dropped). */
    int claim() {
        if (claimed < nanos.length) {
            return claimed++;
        }
        dropped++;
        return -1;
    }

    void record(int slot, long latencyNanos) {
        if (slot >= 0) {
            nanos[slot] = latencyNanos;
        }
    }

    int count() {
        return claimed;
    }

    /** Sorts the samples and formats p50, p99, p99.9 and max in milliseconds. */
    String summary() {
        if (claimed == 0) {
            return "no samples";
        }
        long[] sorted = Arrays.copyOf(nanos, claimed);
        Arrays.sort(sorted);
        return String.format("samples=%d%s p50=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.3f ms", claimed,
                dropped > 0 ? " (" + dropped + " more not kept)" : "",
                millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 0.999), sorted[claimed - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
