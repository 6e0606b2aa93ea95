package io.roost.bench.mqtt;

/**
 * Latencies in nanoseconds counted in log-linear buckets, allocated once: recording is an index
 * computation and an array increment, with no allocation and no lock. Values below 256 ns have a
 * bucket each; above, every power of two is split into 128 buckets, so a reported percentile is at
 * most 1/128 (0.8%) above the true value. Values above about 18 minutes count as 18 minutes.
 *
 * <p>Not thread-safe: one writer (an event loop) records; read or merge it on that thread, or
 * after a hand-off that makes its writes visible.
 */
public final class LatencyHistogram {

    /** Values below 2^LINEAR_BITS each have their own bucket. */
    private static final int LINEAR_BITS = 8;
    private static final int LINEAR = 1 << LINEAR_BITS;
    /** Buckets per power of two above the linear range. */
    private static final int PER_OCTAVE = LINEAR / 2;
    /** The largest recordable value, 2^40 - 1 ns (about 18 minutes); larger values are clamped. */
    static final long MAX_VALUE = (1L << 40) - 1;
    private static final int BUCKETS = indexOf(MAX_VALUE) + 1;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;

    public void record(long nanos) {
        long value = Math.min(Math.max(nanos, 0), MAX_VALUE);
        counts[indexOf(value)]++;
        count++;
        if (value > max) {
            max = value;
        }
    }

    public long count() {
        return count;
    }

    /** The largest value recorded (exact, after clamping), 0 when empty. */
    public long maxNanos() {
        return max;
    }

    /**
     * The value at {@code quantile} (0 to 1): the smallest value v such that at least
     * {@code ceil(quantile * count)} samples are &lt;= v, rounded up to its bucket's upper bound
     * (never above the maximum). 0 when empty.
     */
    public long valueAt(double quantile) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    /** Adds every sample of {@code other} to this one. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        max = Math.max(max, other.max);
    }

    /** Forgets every sample. */
    void reset() {
        java.util.Arrays.fill(counts, 0);
        count = 0;
        max = 0;
    }

    static int indexOf(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int highestBit = 63 - Long.numberOfLeadingZeros(value);
        int shift = highestBit - (LINEAR_BITS - 1);
        // (value >>> shift) is in [PER_OCTAVE, LINEAR): 128 buckets for this power of two.
        return LINEAR + (shift - 1) * PER_OCTAVE + (int) ((value >>> shift) - PER_OCTAVE);
    }

    /** The largest value that falls in bucket {@code index}. */
    static long upperBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = (index - LINEAR) / PER_OCTAVE + 1;
        long sub = (index - LINEAR) % PER_OCTAVE + PER_OCTAVE;
        return ((sub + 1) << shift) - 1;
    }
}
