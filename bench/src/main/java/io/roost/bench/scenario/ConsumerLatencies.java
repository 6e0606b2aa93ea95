package io.roost.bench.scenario;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A back end's enqueue-to-read latencies in millisecond buckets up to a minute, of the records
 * enqueued within the load's measured window only: like the PUBACK latency, the figure leaves out
 * the warm-up (connection ramp, cold JIT) and the drain. Records read before {@link #window} is set
 * are not counted. Unlike the load generator's {@code LatencyHistogram} it takes records from
 * several reader threads at once. Thread-safe.
 */
final class ConsumerLatencies {

    static final int MAX_MILLIS = 60_000;

    private final AtomicLongArray counts = new AtomicLongArray(MAX_MILLIS + 1);
    private volatile long fromMillis = Long.MAX_VALUE;
    private volatile long toMillis = Long.MIN_VALUE;

    /** Counts from now on the records enqueued at or after {@code fromMillis} and before {@code toMillis} (epoch ms). */
    void window(long fromMillis, long toMillis) {
        this.toMillis = toMillis;
        this.fromMillis = fromMillis;
    }

    /** @param enqueuedMillis when the log took the record; @param readMillis when the back end got it (epoch ms) */
    void record(long enqueuedMillis, long readMillis) {
        if (enqueuedMillis < fromMillis || enqueuedMillis >= toMillis) {
            return;
        }
        long millis = readMillis - enqueuedMillis;
        counts.incrementAndGet((int) Math.max(0, Math.min(MAX_MILLIS, millis)));
    }

    /** The latency at {@code quantile} in ms (the bucket's upper edge), -1 without samples. */
    double quantile(double quantile) {
        long total = 0;
        for (int i = 0; i <= MAX_MILLIS; i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i <= MAX_MILLIS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i + 1;
            }
        }
        return MAX_MILLIS;
    }
}
