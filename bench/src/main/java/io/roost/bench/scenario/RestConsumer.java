package io.roost.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The back end of S1b and S2: reads every partition of the D2C log through the REST read API
 * ({@code GET /messages/events}, long polling, 1,000 messages a page) from the start, one thread
 * per partition, counting messages and the delay from each message's {@code enqueuedTime} to its
 * read (millisecond buckets up to a minute; same machine, same clock). Enqueued time is stamped
 * when Roost takes the message, so this is the device-to-consumer latency minus the device's
 * send-to-enqueue hop (which the PUBACK latency bounds). Thread-safe; {@link #close()} stops the
 * readers within a long poll (1 s).
 */
final class RestConsumer implements AutoCloseable {

    static final int PAGE = 1000;
    static final int LONG_POLL_SECONDS = 1;
    static final int MAX_LATENCY_MILLIS = 60_000;

    private final ServiceApi api;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLongArray latencyMillis = new AtomicLongArray(MAX_LATENCY_MILLIS + 1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean running = true;

    RestConsumer(ServiceApi api) {
        this.api = api;
    }

    /** Starts one reader per partition, each from sequence 0 (the scenarios start on a fresh log). */
    void start() throws IOException, InterruptedException {
        int partitions = api.partitions().size();
        for (int partition = 0; partition < partitions; partition++) {
            int p = partition;
            Thread reader = new Thread(() -> follow(p), "rest-consumer-" + p);
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
    }

    private void follow(int partition) {
        long next = 0;
        try {
            while (running) {
                JsonNode page = api.readPage(partition, next, PAGE, LONG_POLL_SECONDS);
                long now = System.currentTimeMillis();
                for (JsonNode message : page.get("messages")) {
                    long enqueued = Instant.parse(message.get("enqueuedTime").asText()).toEpochMilli();
                    latencyMillis.incrementAndGet((int) Math.max(0, Math.min(MAX_LATENCY_MILLIS, now - enqueued)));
                    received.incrementAndGet();
                }
                next = page.get("nextSequence").asLong();
            }
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, "partition " + partition + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long received() {
        return received.get();
    }

    /** The first reader failure, or null. */
    String failure() {
        return failure.get();
    }

    /**
     * Waits until at least {@code target} messages were read or {@code timeoutMillis} passed.
     *
     * @return the milliseconds waited, or -1 when it timed out
     */
    long awaitReceived(long target, long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (received.get() < target && failure.get() == null) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return failure.get() != null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Enqueue-to-read latency at {@code quantile} in ms (the bucket's upper edge), -1 without samples. */
    double latencyMillis(double quantile) {
        long total = 0;
        for (int i = 0; i <= MAX_LATENCY_MILLIS; i++) {
            total += latencyMillis.get(i);
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i <= MAX_LATENCY_MILLIS; i++) {
            seen += latencyMillis.get(i);
            if (seen >= rank) {
                return i + 1;
            }
        }
        return MAX_LATENCY_MILLIS;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(LONG_POLL_SECONDS + 10));
        }
    }
}
