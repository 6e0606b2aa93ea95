package io.roost.core.c2d;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch of queue operations as one store transaction with one commit (one fsync for SQLite)
 * instead of one each. Each operation runs under its own savepoint: one that throws is rolled back
 * and fails only its own future. After the commit succeeds, the batch's committed depth changes are
 * applied, then its event callbacks and availability announcements run in call order, then every
 * future completes. When the commit (or a savepoint) fails, the batch is rolled back, its in-memory
 * effects are undone, and every future fails.
 *
 * <p>Not thread-safe: confined to the C2D store thread.
 */
final class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final C2dStore store;
    private final QueueDepths depths;
    private final PendingEffects effects = new PendingEffects();

    GroupCommit(C2dStore store, QueueDepths depths) {
        this.store = store;
        this.depths = depths;
    }

    void run(List<PendingOperation<?>> batch) {
        try {
            store.beginBatch();
            for (PendingOperation<?> operation : batch) {
                runOne(operation);
            }
            store.commitBatch();
        } catch (RuntimeException | Error e) {
            failAll(batch, e);
            return;
        }
        depths.apply(effects.depthDeltas());
        for (Runnable action : effects.afterCommitActions()) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("A C2D event or availability callback failed", e);
            }
        }
        effects.clear();
        batch.forEach(PendingOperation::complete);
    }

    /** Runs one operation under a savepoint; throws only when the batch itself cannot go on. */
    private void runOne(PendingOperation<?> operation) {
        effects.beginOperation();
        store.beginOperation();
        try {
            operation.run(effects);
        } catch (RuntimeException e) {
            operation.failed(e);
            effects.undoOperation();
            store.undoOperation();
            return;
        }
        store.endOperation();
    }

    private void failAll(List<PendingOperation<?>> batch, Throwable cause) {
        effects.undoAll();
        effects.clear();
        try {
            store.rollbackBatch();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        LOG.error("A C2D store batch of {} operations failed; none of them took effect", batch.size(), cause);
        for (PendingOperation<?> operation : batch) {
            operation.fail(cause);
        }
    }
}
