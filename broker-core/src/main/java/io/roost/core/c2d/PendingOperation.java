package io.roost.core.c2d;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One queue operation waiting for, or running in, a group commit: its work, its outcome once run,
 * and the future its caller holds. The future is completed only by {@link #complete()} after the
 * batch's commit, or by {@link #fail} when the batch fails. Not thread-safe apart from the future;
 * run on the C2D store thread.
 *
 * @param <T> what the operation answers
 */
final class PendingOperation<T> {

    /** One operation's store work; it may throw to fail (only) this operation. */
    @FunctionalInterface
    interface Work<T> {
        T run(PendingEffects effects);
    }

    private final Work<T> work;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;
    private Throwable failure;

    PendingOperation(Work<T> work) {
        this.work = work;
    }

    CompletableFuture<T> future() {
        return future;
    }

    /** Runs the work; what it throws propagates to the caller, who records it with {@link #failed}. */
    void run(PendingEffects effects) {
        result = work.run(effects);
    }

    /** The work failed: the future fails with {@code cause} once the batch is over. */
    void failed(Throwable cause) {
        failure = cause;
    }

    /** The batch committed: completes the future with the operation's own outcome. */
    void complete() {
        if (failure != null) {
            fail(failure);
        } else {
            future.complete(result);
        }
    }

    /** Fails the future, wrapped as {@link CompletableFuture#supplyAsync} would, so callers see one shape. */
    void fail(Throwable cause) {
        future.completeExceptionally(cause instanceof CompletionException ? cause : new CompletionException(cause));
    }
}
