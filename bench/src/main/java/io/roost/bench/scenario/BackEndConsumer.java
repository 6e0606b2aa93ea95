package io.roost.bench.scenario;

import java.util.concurrent.TimeUnit;

/**
 * A back end that reads every D2C message while a scenario's load runs (S1b, S2): what it read,
 * whether it failed, and the enqueue-to-read latency. Implementations are thread-safe.
 */
interface BackEndConsumer extends AutoCloseable {

    /** How it reads, for the summary line: {@code REST read API}, {@code Event Hubs-compatible endpoint}. */
    String description();

    long received();

    /** The first read failure, or null. */
    String failure();

    /**
     * Waits until at least {@code target} messages were read or {@code timeoutMillis} passed.
     *
     * @return the milliseconds waited, or -1 when it timed out or failed
     */
    default long awaitReceived(long target, long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (received() < target && failure() == null) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return failure() != null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * Sets the load's measured window (epoch ms, end exclusive): {@link #latencyMillis} counts only
     * the messages enqueued within it, as the PUBACK latency counts only the messages sent within it.
     */
    void measuredWindow(long fromMillis, long toMillis);

    /** Enqueue-to-read latency at {@code quantile} in ms (the bucket's upper edge), -1 without samples. */
    double latencyMillis(double quantile);

    @Override
    void close() throws InterruptedException;
}
