package io.roost.core.operations;

import java.util.concurrent.CompletableFuture;

/**
 * The read side of the durable operations log: what the service REST API and {@code roost ops}
 * show. Reads never run on the caller's thread: every future completes on the store's own threads,
 * so dependent stages that do more than hand over (to an event loop, say) must hop to their own
 * executor. Thread-safe.
 */
public interface OperationsHistory {

    /**
     * The newest {@code limit} durable events that match, oldest first. Fails with
     * {@link io.roost.core.error.RoostException} {@code UNAVAILABLE} when the log is closed or its
     * read queue is full.
     */
    CompletableFuture<OperationsPage> newest(OperationsFilter filter, int limit);

    /** The first {@code limit} durable events after {@code sequence} that match, oldest first; fails as {@link #newest}. */
    CompletableFuture<OperationsPage> after(long sequence, OperationsFilter filter, int limit);

    /**
     * Completes once an event with a sequence above {@code sequence} is durable: at once if one
     * already is. It completes on the log's writer thread (hand over, do not read there); callers
     * bound the wait themselves ({@code orTimeout}); a done future is forgotten by the log. Fails
     * with {@code UNAVAILABLE} when the log closes.
     */
    CompletableFuture<Void> whenNewerThan(long sequence);
}
