package io.roost.core.c2d;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where cloud-to-device queues and feedback are kept: a store product (SQLite, PostgreSQL) behind
 * plain synchronous calls. Policy (limits, lock and expiry rules, which outcome gets feedback) is
 * {@link C2dQueues}' job; a store only keeps state. Outside a batch, every change is durable
 * (committed) when the call returns, and each call is one transaction, so a crash leaves no
 * half-done change.
 *
 * <p>Group commit: between {@link #beginBatch()} and {@link #commitBatch()} the calls share one
 * transaction and nothing is committed until {@code commitBatch()}, so a batch of operations costs
 * one commit (one fsync). Each operation in it is bracketed by {@link #beginOperation()} and
 * {@link #endOperation()} or {@link #undoOperation()} (an SQL savepoint: {@code SAVEPOINT},
 * {@code RELEASE}, {@code ROLLBACK TO}, portable to SQLite and PostgreSQL), so one failed operation
 * is undone without losing the others. Inside a batch a failing call throws without rolling back
 * anything itself; the caller undoes the operation or the batch.
 *
 * <p>Not thread-safe: {@link C2dQueues} calls it from one thread at a time.
 */
public interface C2dStore extends AutoCloseable {

    /** The number of messages in each device's queue, locked ones included; empty queues are absent. */
    Map<String, Integer> depths();

    /** Queues a message, giving it the device's next sequence number (never reused, even after a purge). */
    QueuedC2dMessage insert(String deviceId, String deviceGenerationId, C2dMessage message, long enqueuedTimeMillis,
            long expiryTimeMillis);

    /** The device's messages not locked at {@code nowMillis}, in sequence order, at most {@code max}. */
    List<QueuedC2dMessage> unlocked(String deviceId, long nowMillis, int max);

    /** The device's message whose current or last lock has this token. */
    Optional<QueuedC2dMessage> findByLockToken(String deviceId, String lockToken);

    /** All of the device's messages, in sequence order. */
    List<QueuedC2dMessage> all(String deviceId);

    /** Messages of any device that expire at or before {@code nowMillis}, at most {@code max}. */
    List<QueuedC2dMessage> expired(long nowMillis, int max);

    /** Messages of any device holding a lock token whose lock ended at or before {@code nowMillis}. */
    List<QueuedC2dMessage> lockEnded(long nowMillis, int max);

    /** Stores the message's lock token, lock end and delivery count as given. */
    void updateLock(QueuedC2dMessage message);

    /** Removes the messages and keeps the feedback records, in one transaction. */
    void remove(List<QueuedC2dMessage> messages, List<FeedbackRecord> feedback);

    /** How many feedback records wait for a batch, and when the oldest of them was made. */
    UnbatchedFeedback unbatchedFeedback();

    /** Puts the oldest {@code max} records that wait into a new batch, after every batch made before. */
    void createFeedbackBatch(long createdMillis, int max);

    /**
     * Locks the oldest feedback batch not locked at {@code nowMillis} with a new token, counting one
     * delivery more.
     */
    Optional<FeedbackBatch> lockFeedbackBatch(long nowMillis, String lockToken, long lockedUntilMillis);

    /** Deletes the batch locked by this token, if its lock holds at {@code nowMillis}. */
    boolean completeFeedbackBatch(String lockToken, long nowMillis);

    /** Ends the lock of the batch locked by this token, if it holds, so it is delivered again. */
    boolean releaseFeedbackBatch(String lockToken, long nowMillis);

    /**
     * Deletes the feedback records made before {@code cutoffMillis} that nobody completed, batched
     * or not, and the batches left without records.
     *
     * @return how many records were deleted
     */
    int deleteFeedbackMadeBefore(long cutoffMillis);

    /** Starts a transaction spanning the calls up to {@link #commitBatch()} or {@link #rollbackBatch()}. */
    void beginBatch();

    /** Marks where the next operation of the batch begins (a savepoint). */
    void beginOperation();

    /** Keeps the operation's changes in the batch (releases its savepoint). */
    void endOperation();

    /** Undoes the changes made since {@link #beginOperation()}, keeping the batch's earlier ones. */
    void undoOperation();

    /**
     * Commits the batch: when this returns, every change kept in it is durable. On failure the batch
     * is rolled back (nothing of it is kept) and it throws {@code RoostException} 503.
     */
    void commitBatch();

    /** Discards every change of the batch; the store is then outside a batch. */
    void rollbackBatch();

    /** Frees the connection; never throws. */
    @Override
    void close();

    /** @param oldestMillis when the oldest waiting record was made, or 0 when none wait */
    record UnbatchedFeedback(int count, long oldestMillis) {
    }
}
