package io.roost.store.operations;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * Futures waiting for an event newer than a sequence (followers of the log). Completed by the
 * writer after each commit; futures that are already done (timed out, cancelled) are dropped on the
 * next pass, so abandoned waits do not pile up. Thread-safe.
 */
final class SequenceWaiters {

    private record Waiter(long sequence, CompletableFuture<Void> future) {
    }

    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** @param durable the highest durable sequence, read again after registering so no commit is missed */
    CompletableFuture<Void> await(long sequence, LongSupplier durable) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new RoostException(Status.UNAVAILABLE, "the operations log is closed"));
            return future;
        }
        waiters.removeIf(w -> w.future().isDone());
        waiters.add(new Waiter(sequence, future));
        if (durable.getAsLong() > sequence) {
            future.complete(null);
        }
        return future;
    }

    /** Completes every waiter for a sequence below {@code durable}. */
    void published(long durable) {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.future().isDone()) {
                it.remove();
            } else if (durable > waiter.sequence()) {
                it.remove();
                waiter.future().complete(null);
            }
        }
    }

    void close() {
        closed = true;
        for (Waiter waiter; (waiter = waiters.poll()) != null; ) {
            waiter.future().completeExceptionally(new RoostException(Status.UNAVAILABLE, "the operations log is closed"));
        }
    }
}
