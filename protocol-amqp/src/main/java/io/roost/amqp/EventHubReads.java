package io.roost.amqp;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the Event Hubs-compatible read endpoint of all AMQP listeners shares: a small pool that reads
 * the log (reads touch the disk, so never on an event loop), the receivers that own each
 * consumer group's partition ({@link PartitionOwners}), and when the endpoint started (reported as
 * the event hub's {@code created_at}). Thread-safe; {@link #close()} stops the pool.
 */
final class EventHubReads implements AutoCloseable {

    static final int READER_THREADS = 2;
    static final int READ_QUEUE_CAPACITY = 4096;

    private final ThreadPoolExecutor readers;
    private final PartitionOwners owners = new PartitionOwners();
    private final long createdAtMillis;

    EventHubReads(long createdAtMillis) {
        this.createdAtMillis = createdAtMillis;
        AtomicInteger threads = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(READER_THREADS, READER_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(READ_QUEUE_CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable, "roost-amqp-event-reader-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs log reads; rejects (RejectedExecutionException) when its queue is full or it is closed. */
    Executor readers() {
        return readers;
    }

    PartitionOwners owners() {
        return owners;
    }

    long createdAtMillis() {
        return createdAtMillis;
    }

    @Override
    public void close() {
        readers.shutdown();
    }
}
