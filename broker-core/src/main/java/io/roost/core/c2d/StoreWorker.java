package io.roost.core.c2d;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that talks to the C2D store: SQLite admits one writer anyway, and one thread keeps
 * every device's queue operations in the order they were asked for. It takes what is queued, up to
 * {@link #MAX_BATCH} operations, and runs them as one {@link GroupCommit}, so many concurrent sends
 * cost one commit (one fsync) rather than one each; a lone operation is committed at once, without
 * waiting for company. Its queue is bounded; when full, calls fail with 503 instead of piling up.
 * Thread-safe.
 */
final class StoreWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWorker.class);
    static final int QUEUE_CAPACITY = 10_000;
    /** Operations per commit at most, so one commit (and the wait of its first caller) stays short. */
    static final int MAX_BATCH = 256;
    private static final long CLOSE_TIMEOUT_SECONDS = 10;
    private static final PendingOperation<Void> STOP = new PendingOperation<>(effects -> null);

    private final BlockingQueue<PendingOperation<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final GroupCommit groupCommit;
    private final Thread thread;
    private volatile boolean closed;

    StoreWorker(C2dStore store, QueueDepths depths) {
        this.groupCommit = new GroupCommit(store, depths);
        this.thread = new Thread(this::runBatches, "c2d-store");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues {@code work}; the future completes after the batch holding it is committed, or fails
     * with what the work threw, with 503 when the batch's commit failed, the queue is full or the
     * worker is closed.
     */
    <T> CompletableFuture<T> submit(PendingOperation.Work<T> work) {
        PendingOperation<T> operation = new PendingOperation<>(work);
        boolean queued;
        // Checked and queued under the lock close() takes, so nothing is queued behind STOP unanswered.
        synchronized (this) {
            queued = !closed && queue.offer(operation);
        }
        if (!queued) {
            return CompletableFuture.failedFuture(new RoostException(Status.UNAVAILABLE,
                    closed ? "the C2D queues are closed" : "the C2D queues are busy; retry", null));
        }
        return operation.future();
    }

    private void runBatches() {
        List<PendingOperation<?>> batch = new ArrayList<>(MAX_BATCH);
        try {
            boolean stop = false;
            while (!stop) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    groupCommit.run(batch);
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("The C2D store thread stopped", e);
        }
        // What was left by a failure (or an interrupt) gets an answer rather than a hang.
        batch.addAll(queue);
        queue.clear();
        RoostException closedError = new RoostException(Status.UNAVAILABLE, "the C2D queues are closed", null);
        batch.forEach(operation -> operation.fail(closedError));
    }

    /** Finishes what was queued, then stops. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            queue.put(STOP);
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
            if (thread.isAlive()) {
                LOG.warn("C2D store work still running after {} s; stopping it", CLOSE_TIMEOUT_SECONDS);
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
