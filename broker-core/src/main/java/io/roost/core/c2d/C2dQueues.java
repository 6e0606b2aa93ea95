package io.roost.core.c2d;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device's cloud-to-device queue: send, receive under a lock, complete, abandon, reject,
 * purge, and the timers that expire messages and end locks. A message ends in exactly one of
 * Success (completed), Expired, DeliveryCountExceeded, Rejected or Purged, and gets a feedback
 * record when its {@link AckMode} asks for that outcome (see {@link FeedbackQueue}).
 *
 * <p>Every call returns at once; the work runs on one store thread, in call order, and the future
 * completes after the change is durable. Operations queued together share one commit (group commit,
 * see {@link GroupCommit}); memory (depths, events, availability announcements) follows the store
 * only after that commit. Failures are {@link RoostException}s: 413 body too large,
 * 400 already expired, 403 {@code DeviceMaximumQueueDepthExceeded}, 412
 * {@code DeviceMessageLockLost} (unknown lock token or lock ended), 503 store busy or failed.
 * An empty queue is answered from memory, without the store. Thread-safe.
 */
public final class C2dQueues implements AutoCloseable {

    public static final String QUEUE_FULL = "DeviceMaximumQueueDepthExceeded";
    public static final String LOCK_LOST = "DeviceMessageLockLost";
    private static final Logger LOG = LoggerFactory.getLogger(C2dQueues.class);
    /** Rows a sweep takes per store call, so one sweep never holds the store for long. */
    private static final int SWEEP_BATCH = 500;
    /** Messages looked at per store call when finding the next deliverable one. */
    private static final int RECEIVE_BATCH = 8;

    private final C2dStore store;
    private final C2dSettings settings;
    private final Clock clock;
    private final C2dEvents events;
    private final StoreWorker worker;
    private final FeedbackQueue feedback;
    /** Committed depths; operations in a batch add their batch's uncommitted changes (see {@link #pendingDepth}). */
    private final QueueDepths depths;
    private final AvailabilityListeners availability = new AvailabilityListeners();
    private final ScheduledExecutorService sweeper;
    /**
     * Generations of deleted devices: a send that looked its device up before the delete and
     * reaches the store thread after the purge is refused, so no message outlives its device.
     * Confined to the store thread.
     */
    private final RetiredGenerations retired = new RetiredGenerations(RetiredGenerations.DEFAULT_CAPACITY);

    private C2dQueues(C2dStore store, C2dSettings settings, Clock clock, C2dEvents events) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.depths = new QueueDepths(store.depths());
        this.worker = new StoreWorker(store, depths);
        this.feedback = new FeedbackQueue(store, worker, settings, clock);
        this.sweeper = settings.sweepInterval().isZero() ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "c2d-sweeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Queues on {@code store}, which this then owns and closes. Reads every queue's depth first.
     * Starts the expiry and lock timer unless {@link C2dSettings#sweepInterval()} is zero.
     */
    public static C2dQueues open(C2dStore store, C2dSettings settings, Clock clock, C2dEvents events) {
        C2dQueues queues = new C2dQueues(Objects.requireNonNull(store, "store"), Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(events, "events"));
        if (queues.sweeper != null) {
            long millis = settings.sweepInterval().toMillis();
            queues.sweeper.scheduleWithFixedDelay(queues::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
        return queues;
    }

    public C2dSettings settings() {
        return settings;
    }

    /** The service's side of feedback: batches of records to receive, complete or abandon. */
    public FeedbackQueue feedback() {
        return feedback;
    }

    /**
     * Calls {@code listener} with a device id whenever that device's queue may have a message to
     * deliver now (sent, abandoned, lock ended), after that change is committed. Called on the store
     * thread: hop elsewhere for work.
     */
    public void addAvailabilityListener(Consumer<String> listener) {
        availability.add(listener);
    }

    public void removeAvailabilityListener(Consumer<String> listener) {
        availability.remove(listener);
    }

    /** Messages in the device's queue now, locked ones included. Reads memory only. */
    public int depth(String deviceId) {
        return depths.of(deviceId);
    }

    /** Messages in every device's queue now, locked ones included. Reads memory only, O(1). */
    public int totalDepth() {
        return depths.total();
    }

    /** The device's depth as the current batch will commit it. Store thread only. */
    private int pendingDepth(String deviceId, PendingEffects effects) {
        return depths.of(deviceId) + effects.depthDelta(deviceId);
    }

    /**
     * Queues {@code message} for the device.
     *
     * @param deviceGenerationId the generation of the device's identity, for its feedback
     * @return the queued message with its sequence number and expiry time, once durable
     */
    public CompletableFuture<QueuedC2dMessage> send(String deviceId, String deviceGenerationId, C2dMessage message) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(message, "message");
        if (message.body().length > settings.maxBodyBytes()) {
            return CompletableFuture.failedFuture(new RoostException(Status.PAYLOAD_TOO_LARGE, "MessageTooLarge",
                    "a cloud-to-device message body may have " + settings.maxBodyBytes() + " bytes, this one has "
                            + message.body().length, null));
        }
        return worker.submit(effects -> {
            if (retired.contains(deviceGenerationId)) {
                throw new RoostException(Status.NOT_FOUND, "DeviceNotFound", "device " + deviceId + " was deleted", null);
            }
            long now = clock.millis();
            long expiry = expiryOf(message, now);
            if (pendingDepth(deviceId, effects) >= settings.maxQueueDepth()) {
                // A refusal changes nothing in the store, so it is reported at once.
                events.queueFull(deviceId, message);
                throw new RoostException(Status.FORBIDDEN, QUEUE_FULL, "the queue of device " + deviceId + " holds "
                        + settings.maxQueueDepth() + " messages already", null);
            }
            QueuedC2dMessage queued = store.insert(deviceId, deviceGenerationId, message, now, expiry);
            effects.changeDepth(deviceId, 1);
            effects.afterCommit(() -> events.sent(queued));
            availability.announceAfterCommit(deviceId, effects);
            return queued;
        });
    }

    private long expiryOf(C2dMessage message, long now) {
        long latest = now + settings.maxTtl().toMillis();
        if (message.expiryTimeMillis() == 0) {
            return Math.min(latest, now + settings.defaultTtl().toMillis());
        }
        if (message.expiryTimeMillis() <= now) {
            throw new RoostException(Status.BAD_REQUEST, "the message's expiry time is already past");
        }
        return Math.min(latest, message.expiryTimeMillis());
    }

    /**
     * Hands the device its next message in sequence order, locked for
     * {@link C2dSettings#lockTimeout()} with a new lock token, one delivery counted. Expired
     * messages and ones delivered too often met on the way are ended first.
     *
     * @return empty when nothing can be delivered now (empty queue, or every message locked)
     */
    public CompletableFuture<Optional<QueuedC2dMessage>> receive(String deviceId) {
        if (depth(deviceId) == 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return worker.submit(effects -> {
            long now = clock.millis();
            while (true) {
                List<QueuedC2dMessage> candidates = store.unlocked(deviceId, now, RECEIVE_BATCH);
                if (candidates.isEmpty()) {
                    return Optional.empty();
                }
                for (QueuedC2dMessage candidate : candidates) {
                    if (candidate.isExpiredAt(now)) {
                        end(List.of(candidate), FeedbackStatus.EXPIRED, now, effects);
                    } else if (candidate.deliveryCount() >= settings.maxDeliveryCount()) {
                        end(List.of(candidate), FeedbackStatus.DELIVERY_COUNT_EXCEEDED, now, effects);
                    } else {
                        QueuedC2dMessage locked = candidate.lockedBy(UUID.randomUUID().toString(),
                                now + settings.lockTimeout().toMillis());
                        store.updateLock(locked);
                        effects.afterCommit(() -> events.delivered(locked));
                        return Optional.of(locked);
                    }
                }
            }
        });
    }

    /** The device has the message: it leaves the queue with Success. */
    public CompletableFuture<QueuedC2dMessage> complete(String deviceId, String lockToken) {
        return settle(deviceId, lockToken, FeedbackStatus.SUCCESS);
    }

    /** The device refuses the message: it leaves the queue with Rejected, never delivered again. */
    public CompletableFuture<QueuedC2dMessage> reject(String deviceId, String lockToken) {
        return settle(deviceId, lockToken, FeedbackStatus.REJECTED);
    }

    private CompletableFuture<QueuedC2dMessage> settle(String deviceId, String lockToken, FeedbackStatus outcome) {
        return worker.submit(effects -> {
            long now = clock.millis();
            QueuedC2dMessage message = locked(deviceId, lockToken, now);
            end(List.of(message), outcome, now, effects);
            return message;
        });
    }

    /**
     * The device gives the message back: it is delivered again, or dead-lettered with
     * DeliveryCountExceeded when it was delivered {@link C2dSettings#maxDeliveryCount()} times.
     */
    public CompletableFuture<QueuedC2dMessage> abandon(String deviceId, String lockToken) {
        return worker.submit(effects -> {
            long now = clock.millis();
            QueuedC2dMessage message = locked(deviceId, lockToken, now);
            release(message, false, now, effects);
            return message;
        });
    }

    /** Removes every message of the device's queue with Purged; returns how many there were. */
    public CompletableFuture<Integer> purge(String deviceId) {
        if (depth(deviceId) == 0) {
            return CompletableFuture.completedFuture(0);
        }
        return worker.submit(effects -> purgeNow(deviceId, effects));
    }

    /**
     * The device identity {@code deviceGenerationId} was deleted: empties its queue like
     * {@link #purge} and refuses every later send for that generation, including sends already on
     * their way that looked the device up before the delete. A device created again with the same
     * id has a new generation and is not affected.
     *
     * @return how many messages were purged
     */
    public CompletableFuture<Integer> retire(String deviceId, String deviceGenerationId) {
        Objects.requireNonNull(deviceGenerationId, "deviceGenerationId");
        return worker.submit(effects -> {
            // At once, so later sends in the same batch see it; undone if the purge does not commit.
            if (!retired.contains(deviceGenerationId)) {
                retired.add(deviceGenerationId);
                effects.onUndo(() -> retired.remove(deviceGenerationId));
            }
            return pendingDepth(deviceId, effects) == 0 ? 0 : purgeNow(deviceId, effects);
        });
    }

    private int purgeNow(String deviceId, PendingEffects effects) {
        List<QueuedC2dMessage> all = store.all(deviceId);
        end(all, FeedbackStatus.PURGED, clock.millis(), effects);
        effects.afterCommit(() -> events.purged(deviceId, all.size()));
        return all.size();
    }

    /**
     * Ends expired messages, releases messages whose lock ran out (or dead-letters them), drops
     * feedback nobody read within its TTL, and batches feedback that waited long enough. The timer calls it; tests call it after moving
     * their clock.
     */
    public CompletableFuture<Void> sweep() {
        return worker.submit(effects -> {
            long now = clock.millis();
            for (List<QueuedC2dMessage> expired; !(expired = store.expired(now, SWEEP_BATCH)).isEmpty(); ) {
                end(expired, FeedbackStatus.EXPIRED, now, effects);
            }
            for (List<QueuedC2dMessage> ended; !(ended = store.lockEnded(now, SWEEP_BATCH)).isEmpty(); ) {
                ended.forEach(message -> release(message, true, now, effects));
            }
            int expiredFeedback = feedback.expire(now);
            if (expiredFeedback > 0) {
                effects.afterCommit(() -> events.feedbackExpired(expiredFeedback));
            }
            feedback.batchIfDue(now);
            return null;
        });
    }

    private void sweepQuietly() {
        sweep().whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("C2D expiry and lock sweep failed; retrying at the next one", failure);
            }
        });
    }

    /** The message the device holds under {@code lockToken}; 412 when it holds none. Store thread only. */
    private QueuedC2dMessage locked(String deviceId, String lockToken, long now) {
        return store.findByLockToken(deviceId, lockToken)
                .filter(message -> message.isLockedAt(now))
                .orElseThrow(() -> new RoostException(Status.PRECONDITION_FAILED, LOCK_LOST,
                        "no message of device " + deviceId + " is locked by that token (completed, abandoned, or its lock"
                                + " ended after " + settings.lockTimeout().toSeconds() + " s)", null));
    }

    /** Puts a delivered message back in line, or dead-letters it. Store thread only. */
    private void release(QueuedC2dMessage message, boolean lockTimedOut, long now, PendingEffects effects) {
        if (message.deliveryCount() >= settings.maxDeliveryCount()) {
            end(List.of(message), FeedbackStatus.DELIVERY_COUNT_EXCEEDED, now, effects);
            return;
        }
        store.updateLock(new QueuedC2dMessage(message.deviceId(), message.deviceGenerationId(), message.sequenceNumber(),
                message.enqueuedTimeMillis(), message.expiryTimeMillis(), message.deliveryCount(), null, 0,
                message.message()));
        effects.afterCommit(() -> events.abandoned(message, lockTimedOut));
        availability.announceAfterCommit(message.deviceId(), effects);
    }

    /** Removes the messages with {@code outcome}, keeping feedback for those that asked. Store thread only. */
    private void end(List<QueuedC2dMessage> messages, FeedbackStatus outcome, long now, PendingEffects effects) {
        if (messages.isEmpty()) {
            return;
        }
        List<FeedbackRecord> records = new ArrayList<>();
        for (QueuedC2dMessage message : messages) {
            if (message.message().ack().wants(outcome)) {
                records.add(FeedbackRecord.of(message, outcome, now));
            }
        }
        store.remove(messages, records);
        for (QueuedC2dMessage message : messages) {
            // Only the store thread changes depths, so the check and the change cannot race.
            if (pendingDepth(message.deviceId(), effects) > 0) {
                effects.changeDepth(message.deviceId(), -1);
            }
            switch (outcome) {
                case SUCCESS -> effects.afterCommit(() -> events.completed(message));
                case EXPIRED -> effects.afterCommit(() -> events.expired(message));
                case DELIVERY_COUNT_EXCEEDED -> effects.afterCommit(() -> events.deadLettered(message));
                case REJECTED -> effects.afterCommit(() -> events.rejected(message));
                case PURGED -> {
                    // Counted once per purge by the caller.
                }
            }
        }
        if (!records.isEmpty()) {
            feedback.batchIfDue(now);
        }
    }

    /** Stops the timer, finishes queued work, closes the store. */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        worker.close();
        store.close();
    }
}
