package io.roost.core.c2d;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The service's feedback queue: records are kept durably the moment a message ends, then grouped
 * into batches of up to {@link C2dSettings#feedbackBatchSize()} records, or fewer once the oldest
 * waited {@link C2dSettings#feedbackBatchDelay()}. A batch is received under a lock and stays until
 * completed; abandoned or left past its lock, it is delivered again. Failures: 412
 * {@code DeviceMessageLockLost} for a token that locks nothing. Thread-safe; the store work runs on
 * the C2D store thread.
 */
public final class FeedbackQueue {

    private final C2dStore store;
    private final StoreWorker worker;
    private final C2dSettings settings;
    private final Clock clock;

    FeedbackQueue(C2dStore store, StoreWorker worker, C2dSettings settings, Clock clock) {
        this.store = store;
        this.worker = worker;
        this.settings = settings;
        this.clock = clock;
    }

    /** The oldest batch no one holds, locked for {@link C2dSettings#feedbackLockTimeout()}; empty when none. */
    public CompletableFuture<Optional<FeedbackBatch>> receive() {
        return worker.submit(effects -> {
            long now = clock.millis();
            batchIfDue(now);
            return store.lockFeedbackBatch(now, UUID.randomUUID().toString(),
                    now + settings.feedbackLockTimeout().toMillis());
        });
    }

    /** The service has the batch: it is deleted. */
    public CompletableFuture<Void> complete(String lockToken) {
        return worker.submit(effects -> {
            if (!store.completeFeedbackBatch(lockToken, clock.millis())) {
                throw lockLost();
            }
            return null;
        });
    }

    /** The service gives the batch back: it is delivered again. */
    public CompletableFuture<Void> abandon(String lockToken) {
        return worker.submit(effects -> {
            if (!store.releaseFeedbackBatch(lockToken, clock.millis())) {
                throw lockLost();
            }
            return null;
        });
    }

    /** Drops what waited past {@link C2dSettings#feedbackTtl()}; returns how many records. Store thread only. */
    int expire(long now) {
        return store.deleteFeedbackMadeBefore(now - settings.feedbackTtl().toMillis());
    }

    /** Makes the batches that are due: every full one, then a partial one whose oldest record waited long enough. */
    void batchIfDue(long now) {
        C2dStore.UnbatchedFeedback waiting = store.unbatchedFeedback();
        while (waiting.count() >= settings.feedbackBatchSize()) {
            store.createFeedbackBatch(now, settings.feedbackBatchSize());
            waiting = store.unbatchedFeedback();
        }
        if (waiting.count() > 0 && waiting.oldestMillis() + settings.feedbackBatchDelay().toMillis() <= now) {
            store.createFeedbackBatch(now, settings.feedbackBatchSize());
        }
    }

    private static RoostException lockLost() {
        return new RoostException(Status.PRECONDITION_FAILED, C2dQueues.LOCK_LOST,
                "no feedback message is locked by that token (completed, abandoned, or its lock ended)", null);
    }
}
