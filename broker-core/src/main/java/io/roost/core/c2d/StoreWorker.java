package io.roost.core.c2d;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that talks to the C2D store: SQLite admits one writer anyway, and one thread
 * keeps every device's queue operations in the order they were asked for. Its queue is bounded;
 * when full, calls fail with 503 instead of piling up. Thread-safe.
 */
final class StoreWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWorker.class);
    static final int QUEUE_CAPACITY = 10_000;
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                Thread thread = new Thread(runnable, "c2d-store");
                thread.setDaemon(true);
                return thread;
            });

    /** Runs {@code work} on the worker; the future fails with what it threw, or 503 when the queue is full. */
    <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RoostException(Status.UNAVAILABLE,
                    executor.isShutdown() ? "the C2D queues are closed" : "the C2D queues are busy; retry", e));
        }
    }

    /** Finishes what was queued, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("C2D store work still running after {} s; stopping it", CLOSE_TIMEOUT_SECONDS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
