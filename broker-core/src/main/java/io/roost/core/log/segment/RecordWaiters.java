package io.roost.core.log.segment;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readers of one partition waiting for a record to become readable (long polls). Thread-safe:
 * readers register from any thread; the appender calls {@link #published(long)} after each batch,
 * which costs one empty-queue check when nobody waits.
 *
 * <p>A waiter that completes by other means (a timeout, a cancel) removes itself, so abandoned long
 * polls on a quiet partition do not pile up.
 */
final class RecordWaiters {

    private static final Logger LOG = LoggerFactory.getLogger(RecordWaiters.class);

    private record Waiter(long offset, CompletableFuture<Void> future) {
    }

    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final LongSupplier nextOffset;
    private volatile boolean closed;

    /** @param nextOffset the partition's next offset as readers see it (published records only) */
    RecordWaiters(LongSupplier nextOffset) {
        this.nextOffset = nextOffset;
    }

    /** A future that completes once the record at {@code offset} is readable; see TelemetryLog. */
    CompletableFuture<Void> whenAvailable(long offset) {
        if (nextOffset.getAsLong() > offset) {
            return CompletableFuture.completedFuture(null);
        }
        if (closed) {
            return closedFuture();
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        Waiter waiter = new Waiter(offset, future);
        waiters.add(waiter);
        future.whenComplete((ignored, error) -> waiters.remove(waiter));
        // The appender may have published between the first check and the add; check again.
        if (nextOffset.getAsLong() > offset) {
            future.complete(null);
        } else if (closed) {
            future.completeExceptionally(closedException());
        }
        return future;
    }

    /** Appender only: completes the waiters whose record is now readable. */
    void published(long newNextOffset) {
        if (waiters.isEmpty()) {
            return;
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (newNextOffset > waiter.offset()) {
                it.remove();
                try {
                    waiter.future().complete(null);
                } catch (RuntimeException e) {
                    // A dependent stage that throws must not stop the partition's appender.
                    LOG.warn("a reader waiting for offset {} failed in its callback", waiter.offset(), e);
                }
            }
        }
    }

    /** Fails every waiter and every later registration with {@code UNAVAILABLE}. */
    void close() {
        closed = true;
        Waiter waiter;
        while ((waiter = waiters.poll()) != null) {
            waiter.future().completeExceptionally(closedException());
        }
    }

    int size() {
        return waiters.size();
    }

    private static CompletableFuture<Void> closedFuture() {
        return CompletableFuture.failedFuture(closedException());
    }

    private static RoostException closedException() {
        return new RoostException(Status.UNAVAILABLE, "the log is closed");
    }
}
