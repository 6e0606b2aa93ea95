package io.roost.bench.scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
final class RestConsumer implements BackEndConsumer {

    static final int PAGE = 1000;
    static final int LONG_POLL_SECONDS = 1;

    private final ServiceApi api;
    private final AtomicLong received = new AtomicLong();
    private final ConsumerLatencies latencies = new ConsumerLatencies();
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
                EventPage page = api.readPage(partition, next, PAGE, LONG_POLL_SECONDS);
                long now = System.currentTimeMillis();
                for (long enqueued : page.enqueuedMillis()) {
                    latencies.record(enqueued, now);
                }
                received.addAndGet(page.enqueuedMillis().length);
                next = page.nextSequence();
            }
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, "partition " + partition + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long received() {
        return received.get();
    }

    @Override
    public String failure() {
        return failure.get();
    }

    @Override
    public String description() {
        return "REST read API";
    }

    @Override
    public void measuredWindow(long fromMillis, long toMillis) {
        latencies.window(fromMillis, toMillis);
    }

    @Override
    public double latencyMillis(double quantile) {
        return latencies.quantile(quantile);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(LONG_POLL_SECONDS + 10));
        }
    }
}
