package io.roost.store.c2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dEvents;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.C2dSettings;
import io.roost.core.c2d.C2dStore;
import io.roost.core.c2d.FeedbackBatch;
import io.roost.core.c2d.FeedbackRecord;
import io.roost.core.c2d.FeedbackStatus;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.error.RoostException;
import io.roost.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every state transition of the C2D queues and their feedback, with a clock the test moves.
 * Written once; each store product runs it by naming how it opens its store.
 */
abstract class C2dQueuesContract {

    static final Instant START = Instant.parse("2026-11-29T10:00:00Z");
    static final C2dSettings SETTINGS = C2dSettings.defaults().withSweepInterval(Duration.ZERO);

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(START.toEpochMilli());
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> available = new CopyOnWriteArrayList<>();
    C2dQueues queues;

    /** A store on {@code dir}, keeping what an earlier store on the same dir kept. */
    abstract C2dStore openStore(Path dir);

    @BeforeEach
    void open() {
        reopen(SETTINGS);
    }

    @AfterEach
    void close() {
        queues.close();
    }

    void reopen(C2dSettings settings) {
        if (queues != null) {
            queues.close();
        }
        queues = C2dQueues.open(openStore(dir), settings, clock, new RecordingEvents());
        queues.addAvailabilityListener(available::add);
    }

    @Test
    void receive_whenSeveralQueued_thenInOrderWithIncreasingSequenceNumbersAndProperties() {
        // Ordered on purpose: the queue keeps the sender's order (Map.of has none to keep).
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("color", "blue&green");
        properties.put("n", "1");
        C2dMessage first = new C2dMessage("m1", "c1", "u1", "application/json", "utf-8", AckMode.NONE, 0,
                properties, "one".getBytes(StandardCharsets.UTF_8));
        send("dev1", first);
        send("dev1", message("m2"));
        send("dev2", message("x1"));

        QueuedC2dMessage got = receive("dev1").orElseThrow();
        assertThat(got.sequenceNumber()).isEqualTo(1);
        assertThat(got.deliveryCount()).isEqualTo(1);
        assertThat(got.enqueuedTimeMillis()).isEqualTo(START.toEpochMilli());
        assertThat(got.expiryTimeMillis()).isEqualTo(START.plus(C2dSettings.DEFAULT_TTL).toEpochMilli());
        assertThat(got.deviceGenerationId()).isEqualTo("gen-dev1");
        assertThat(got.message().messageId()).isEqualTo("m1");
        assertThat(got.message().correlationId()).isEqualTo("c1");
        assertThat(got.message().userId()).isEqualTo("u1");
        assertThat(got.message().contentType()).isEqualTo("application/json");
        assertThat(got.message().contentEncoding()).isEqualTo("utf-8");
        assertThat(got.message().applicationProperties()).containsExactly(Map.entry("color", "blue&green"), Map.entry("n", "1"));
        assertThat(got.message().body()).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
        QueuedC2dMessage second = receive("dev1").orElseThrow();
        assertThat(second.sequenceNumber()).isEqualTo(2);
        assertThat(second.message().messageId()).isEqualTo("m2");
        assertThat(receive("dev1")).as("both are locked").isEmpty();
        assertThat(receive("dev2").orElseThrow().sequenceNumber()).isEqualTo(1);
        assertThat(available).containsExactly("dev1", "dev1", "dev2");
    }

    @Test
    void complete_whenAckFull_thenGoneAndSuccessFeedback() {
        send("dev1", message("m1").withAck(AckMode.FULL));
        QueuedC2dMessage got = receive("dev1").orElseThrow();

        join(queues.complete("dev1", got.lockToken()));

        assertThat(queues.depth("dev1")).isZero();
        assertThat(receive("dev1")).isEmpty();
        assertThat(feedbackAfterDelay()).singleElement().satisfies(record -> {
            assertThat(record.status()).isEqualTo(FeedbackStatus.SUCCESS);
            assertThat(record.originalMessageId()).isEqualTo("m1");
            assertThat(record.deviceId()).isEqualTo("dev1");
            assertThat(record.deviceGenerationId()).isEqualTo("gen-dev1");
            assertThat(record.description()).isEqualTo("Success");
        });
        assertThat(events).containsExactly("sent m1", "delivered m1", "completed m1");
    }

    @Test
    void complete_whenAckNoneOrNegative_thenNoFeedback() {
        send("dev1", message("m1"));
        send("dev1", message("m2").withAck(AckMode.NEGATIVE));
        join(queues.complete("dev1", receive("dev1").orElseThrow().lockToken()));
        join(queues.complete("dev1", receive("dev1").orElseThrow().lockToken()));

        assertThat(feedbackAfterDelay()).isEmpty();
    }

    @Test
    void complete_whenLockTokenUnknownOrUsed_thenLockLost() {
        send("dev1", message("m1"));
        QueuedC2dMessage got = receive("dev1").orElseThrow();
        join(queues.complete("dev1", got.lockToken()));

        assertLockLost(queues.complete("dev1", got.lockToken()));
        assertLockLost(queues.complete("dev1", "no-such-token"));
        assertLockLost(queues.abandon("dev2", got.lockToken()));
    }

    @Test
    void sweep_whenTtlPassed_thenExpiredWithFeedbackAndNotDelivered() {
        send("dev1", message("m1").withAck(AckMode.NEGATIVE));
        send("dev1", message("m2").withAck(AckMode.POSITIVE).withExpiry(START.plus(Duration.ofHours(2)).toEpochMilli()));
        clock.advance(C2dSettings.DEFAULT_TTL);

        join(queues.sweep());

        assertThat(queues.depth("dev1")).isEqualTo(1);
        assertThat(receive("dev1").orElseThrow().message().messageId()).isEqualTo("m2");
        assertThat(feedbackAfterDelay()).extracting(FeedbackRecord::status).containsExactly(FeedbackStatus.EXPIRED);
        assertThat(events).contains("expired m1");
    }

    @Test
    void receive_whenHeadExpiredBeforeTheSweep_thenSkippedAndEnded() {
        send("dev1", message("m1").withAck(AckMode.FULL).withExpiry(START.plusSeconds(10).toEpochMilli()));
        send("dev1", message("m2"));
        clock.advance(Duration.ofSeconds(10));

        assertThat(receive("dev1").orElseThrow().message().messageId()).isEqualTo("m2");
        assertThat(feedbackAfterDelay()).extracting(FeedbackRecord::status).containsExactly(FeedbackStatus.EXPIRED);
    }

    @Test
    void send_whenExpiryBeyondMaxTtl_thenBroughtDownAndWhenPast_thenRefused() {
        QueuedC2dMessage queued = send("dev1", message("m1").withExpiry(START.plus(Duration.ofDays(30)).toEpochMilli()));
        assertThat(queued.expiryTimeMillis()).isEqualTo(START.plus(C2dSettings.MAX_TTL).toEpochMilli());

        assertThatThrownBy(() -> join(queues.send("dev1", "gen", message("m2").withExpiry(START.toEpochMilli()))))
                .isInstanceOfSatisfying(RoostException.class,
                        e -> assertThat(e.status()).isEqualTo(RoostException.Status.BAD_REQUEST));
    }

    @Test
    void sweep_whenLockEnds_thenRedeliveredWithAHigherCountAndTheOldTokenIsLost() {
        send("dev1", message("m1"));
        QueuedC2dMessage first = receive("dev1").orElseThrow();
        available.clear();
        clock.advance(SETTINGS.lockTimeout());

        join(queues.sweep());

        assertThat(available).containsExactly("dev1");
        assertLockLost(queues.complete("dev1", first.lockToken()));
        QueuedC2dMessage again = receive("dev1").orElseThrow();
        assertThat(again.deliveryCount()).isEqualTo(2);
        assertThat(again.lockToken()).isNotEqualTo(first.lockToken());
        assertThat(events).contains("abandoned m1 (lock timed out)");
    }

    @Test
    void receive_whenLockEndedBeforeTheSweep_thenDeliveredAgain() {
        send("dev1", message("m1"));
        receive("dev1").orElseThrow();
        clock.advance(SETTINGS.lockTimeout());

        assertThat(receive("dev1").orElseThrow().deliveryCount()).isEqualTo(2);
    }

    @Test
    void abandon_whenBelowMaxDeliveryCount_thenDeliveredAgainFirst() {
        send("dev1", message("m1"));
        send("dev1", message("m2"));
        QueuedC2dMessage first = receive("dev1").orElseThrow();

        join(queues.abandon("dev1", first.lockToken()));

        QueuedC2dMessage again = receive("dev1").orElseThrow();
        assertThat(again.message().messageId()).isEqualTo("m1");
        assertThat(again.deliveryCount()).isEqualTo(2);
    }

    @Test
    void abandon_whenMaxDeliveryCountReached_thenDeadLetteredWithFeedback() {
        reopen(SETTINGS.withMaxDeliveryCount(3));
        send("dev1", message("m1").withAck(AckMode.NEGATIVE));
        for (int delivery = 1; delivery <= 3; delivery++) {
            QueuedC2dMessage got = receive("dev1").orElseThrow();
            assertThat(got.deliveryCount()).isEqualTo(delivery);
            join(queues.abandon("dev1", got.lockToken()));
        }

        assertThat(queues.depth("dev1")).isZero();
        assertThat(receive("dev1")).isEmpty();
        assertThat(feedbackAfterDelay()).singleElement().satisfies(record -> {
            assertThat(record.status()).isEqualTo(FeedbackStatus.DELIVERY_COUNT_EXCEEDED);
            assertThat(record.description()).isEqualTo("Message delivery count exceeded");
        });
        assertThat(events).contains("dead-lettered m1");
    }

    @Test
    void sweep_whenLastAllowedLockEnds_thenDeadLettered() {
        reopen(SETTINGS.withMaxDeliveryCount(1));
        send("dev1", message("m1").withAck(AckMode.FULL));
        receive("dev1").orElseThrow();
        clock.advance(SETTINGS.lockTimeout());

        join(queues.sweep());

        assertThat(queues.depth("dev1")).isZero();
        assertThat(feedbackAfterDelay()).extracting(FeedbackRecord::status)
                .containsExactly(FeedbackStatus.DELIVERY_COUNT_EXCEEDED);
    }

    @Test
    void reject_whenLocked_thenGoneForGoodWithFeedback() {
        send("dev1", message("m1").withAck(AckMode.FULL));
        QueuedC2dMessage got = receive("dev1").orElseThrow();

        join(queues.reject("dev1", got.lockToken()));

        assertThat(receive("dev1")).isEmpty();
        assertThat(feedbackAfterDelay()).extracting(FeedbackRecord::status).containsExactly(FeedbackStatus.REJECTED);
        assertThat(events).contains("rejected m1");
    }

    @Test
    void purge_whenQueued_thenEmptyWithFeedbackAndSequenceNumbersNotReused() {
        send("dev1", message("m1").withAck(AckMode.FULL));
        send("dev1", message("m2"));
        receive("dev1").orElseThrow();

        assertThat(join(queues.purge("dev1"))).isEqualTo(2);

        assertThat(queues.depth("dev1")).isZero();
        assertThat(feedbackAfterDelay()).extracting(FeedbackRecord::status).containsExactly(FeedbackStatus.PURGED);
        assertThat(send("dev1", message("m3")).sequenceNumber()).isEqualTo(3);
        assertThat(events).contains("purged dev1 2");
        assertThat(join(queues.purge("nobody"))).isZero();
    }

    @Test
    void retire_whenASendOfTheDeletedGenerationArrivesAfterIt_thenRefusedAndANewGenerationStillQueues() {
        send("dev1", message("m1"));

        assertThat(join(queues.retire("dev1", "gen-dev1"))).isEqualTo(1);

        // A send that looked the device up before the delete reaches the store thread after it.
        assertThatThrownBy(() -> send("dev1", message("late")))
                .isInstanceOfSatisfying(RoostException.class, e -> {
                    assertThat(e.status()).isEqualTo(RoostException.Status.NOT_FOUND);
                    assertThat(e.errorCode()).isEqualTo("DeviceNotFound");
                });
        assertThat(queues.depth("dev1")).isZero();
        assertThat(join(queues.send("dev1", "gen-dev1-recreated", message("m2"))).message().messageId()).isEqualTo("m2");
        assertThat(queues.depth("dev1")).isEqualTo(1);
    }

    @Test
    void send_whenQueueFull_thenRefusedAndCounted() {
        reopen(SETTINGS.withMaxQueueDepth(2));
        send("dev1", message("m1"));
        send("dev1", message("m2"));

        assertThatThrownBy(() -> join(queues.send("dev1", "gen", message("m3"))))
                .isInstanceOfSatisfying(RoostException.class, e -> {
                    assertThat(e.status()).isEqualTo(RoostException.Status.FORBIDDEN);
                    assertThat(e.errorCode()).isEqualTo(C2dQueues.QUEUE_FULL);
                });
        assertThat(events).contains("queue full dev1 m3");
        assertThat(send("dev2", message("x1")).sequenceNumber()).as("other devices unaffected").isEqualTo(1);
    }

    @Test
    void send_whenBodyOver64KiB_thenTooLarge() {
        assertThatThrownBy(() -> join(queues.send("dev1", "gen", message("big", new byte[C2dSettings.MAX_BODY_BYTES + 1]))))
                .isInstanceOfSatisfying(RoostException.class,
                        e -> assertThat(e.status()).isEqualTo(RoostException.Status.PAYLOAD_TOO_LARGE));
        assertThat(queues.depth("dev1")).isZero();
    }

    @Test
    void reopen_whenQueuedAndLocked_thenBothSurviveAndTheLockStillHolds() {
        send("dev1", message("m1").withAck(AckMode.FULL));
        send("dev1", message("m2"));
        QueuedC2dMessage locked = receive("dev1").orElseThrow();

        reopen(SETTINGS);

        assertThat(queues.depth("dev1")).isEqualTo(2);
        assertThat(receive("dev1").orElseThrow().message().messageId()).as("m1 is still locked").isEqualTo("m2");
        clock.advance(SETTINGS.lockTimeout());
        join(queues.sweep());
        QueuedC2dMessage again = receive("dev1").orElseThrow();
        assertThat(again.message().messageId()).isEqualTo("m1");
        assertThat(again.deliveryCount()).isEqualTo(2);
        join(queues.complete("dev1", again.lockToken()));
        assertThat(feedbackAfterDelay()).extracting(FeedbackRecord::originalMessageId).containsExactly("m1");
        assertThat(locked.sequenceNumber()).isEqualTo(1);
        assertThat(send("dev1", message("m3")).sequenceNumber()).isEqualTo(3);
    }

    @Test
    void totalDepth_countsEveryQueueThroughEveryEndAndAcrossAReopen() {
        send("dev1", message("m1"));
        send("dev1", message("m2"));
        send("dev2", message("x1"));
        send("dev3", message("y1"));
        assertThat(queues.totalDepth()).isEqualTo(4);

        join(queues.complete("dev1", receive("dev1").orElseThrow().lockToken()));
        join(queues.reject("dev2", receive("dev2").orElseThrow().lockToken()));
        assertThat(queues.totalDepth()).isEqualTo(2);

        reopen(SETTINGS);
        assertThat(queues.totalDepth()).as("read back from the store").isEqualTo(2);
        assertThat(join(queues.purge("dev1"))).isEqualTo(1);
        clock.advance(C2dSettings.DEFAULT_TTL);
        join(queues.sweep());
        assertThat(queues.totalDepth()).as("y1 expired").isZero();
    }

    @Test
    void feedback_whenFewerThanABatch_thenWaitsForTheDelay() {
        send("dev1", message("m1").withAck(AckMode.FULL));
        join(queues.complete("dev1", receive("dev1").orElseThrow().lockToken()));

        assertThat(join(queues.feedback().receive())).as("the record waits for others").isEmpty();
        clock.advance(SETTINGS.feedbackBatchDelay());
        FeedbackBatch batch = join(queues.feedback().receive()).orElseThrow();
        assertThat(batch.records()).hasSize(1);
        assertThat(batch.deliveryCount()).isEqualTo(1);
    }

    @Test
    void feedback_whenABatchIsFull_thenAvailableAtOnceAndTheRestWaits() {
        int records = SETTINGS.feedbackBatchSize() + 1;
        for (int i = 0; i < records; i++) {
            send("dev" + i, message("m" + i).withAck(AckMode.FULL));
            join(queues.complete("dev" + i, receive("dev" + i).orElseThrow().lockToken()));
        }

        FeedbackBatch full = join(queues.feedback().receive()).orElseThrow();
        assertThat(full.records()).hasSize(SETTINGS.feedbackBatchSize());
        assertThat(full.records().get(0).originalMessageId()).isEqualTo("m0");
        assertThat(join(queues.feedback().receive())).isEmpty();
        clock.advance(SETTINGS.feedbackBatchDelay());
        assertThat(join(queues.feedback().receive()).orElseThrow().records())
                .extracting(FeedbackRecord::originalMessageId).containsExactly("m" + (records - 1));
    }

    @Test
    void feedback_whenAbandonedOrLockEnds_thenDeliveredAgainUntilCompleted() {
        send("dev1", message("m1").withAck(AckMode.FULL));
        join(queues.complete("dev1", receive("dev1").orElseThrow().lockToken()));
        clock.advance(SETTINGS.feedbackBatchDelay());
        FeedbackBatch first = join(queues.feedback().receive()).orElseThrow();

        join(queues.feedback().abandon(first.lockToken()));
        FeedbackBatch second = join(queues.feedback().receive()).orElseThrow();
        assertThat(second.deliveryCount()).isEqualTo(2);
        assertThat(join(queues.feedback().receive())).as("locked").isEmpty();
        clock.advance(SETTINGS.feedbackLockTimeout());
        FeedbackBatch third = join(queues.feedback().receive()).orElseThrow();
        assertLockLost(queues.feedback().complete(second.lockToken()));

        join(queues.feedback().complete(third.lockToken()));

        clock.advance(SETTINGS.feedbackLockTimeout());
        assertThat(join(queues.feedback().receive())).isEmpty();
    }

    @Test
    void feedback_whenRestartedBeforeBatching_thenRecordsKept() {
        send("dev1", message("m1").withAck(AckMode.FULL));
        join(queues.complete("dev1", receive("dev1").orElseThrow().lockToken()));

        reopen(SETTINGS);

        assertThat(feedbackAfterDelay()).extracting(FeedbackRecord::originalMessageId).containsExactly("m1");
    }

    @Test
    void sweep_whenFeedbackUnreadPastItsTtl_thenDroppedBatchedOrNot() {
        send("dev1", message("m1").withAck(AckMode.FULL));
        join(queues.complete("dev1", receive("dev1").orElseThrow().lockToken()));
        clock.advance(SETTINGS.feedbackBatchDelay());
        join(queues.sweep());
        assertThat(join(queues.feedback().receive())).as("m1's record, batched and locked").isPresent();
        send("dev2", message("m2").withAck(AckMode.FULL));
        join(queues.complete("dev2", receive("dev2").orElseThrow().lockToken()));

        clock.advance(SETTINGS.feedbackTtl());
        join(queues.sweep());
        assertThat(events).as("m1's record is past its TTL, m2's exactly at it").containsOnlyOnce("feedback expired 1");
        clock.advance(Duration.ofSeconds(1));
        join(queues.sweep());

        assertThat(events.stream().filter(e -> e.equals("feedback expired 1"))).hasSize(2);
        clock.advance(SETTINGS.feedbackBatchDelay().plus(SETTINGS.feedbackLockTimeout()));
        assertThat(join(queues.feedback().receive())).isEmpty();
    }

    /** Moves the clock past the batch delay and takes and completes every feedback batch. */
    List<FeedbackRecord> feedbackAfterDelay() {
        clock.advance(SETTINGS.feedbackBatchDelay());
        List<FeedbackRecord> records = new ArrayList<>();
        for (Optional<FeedbackBatch> batch; (batch = join(queues.feedback().receive())).isPresent(); ) {
            records.addAll(batch.get().records());
            join(queues.feedback().complete(batch.get().lockToken()));
        }
        return records;
    }

    QueuedC2dMessage send(String deviceId, C2dMessage message) {
        return join(queues.send(deviceId, "gen-" + deviceId, message));
    }

    Optional<QueuedC2dMessage> receive(String deviceId) {
        return join(queues.receive(deviceId));
    }

    static C2dMessage message(String messageId) {
        return message(messageId, ("body of " + messageId).getBytes(StandardCharsets.UTF_8));
    }

    static C2dMessage message(String messageId, byte[] body) {
        return C2dMessage.of(messageId, body);
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    static void assertLockLost(CompletableFuture<?> future) {
        assertThatThrownBy(() -> join(future)).isInstanceOfSatisfying(RoostException.class, e -> {
            assertThat(e.status()).isEqualTo(RoostException.Status.PRECONDITION_FAILED);
            assertThat(e.errorCode()).isEqualTo(C2dQueues.LOCK_LOST);
        });
    }

    private final class RecordingEvents implements C2dEvents {
        @Override
        public void sent(QueuedC2dMessage message) {
            events.add("sent " + message.message().messageId());
        }

        @Override
        public void queueFull(String deviceId, C2dMessage message) {
            events.add("queue full " + deviceId + " " + message.messageId());
        }

        @Override
        public void delivered(QueuedC2dMessage message) {
            events.add("delivered " + message.message().messageId());
        }

        @Override
        public void completed(QueuedC2dMessage message) {
            events.add("completed " + message.message().messageId());
        }

        @Override
        public void abandoned(QueuedC2dMessage message, boolean lockTimedOut) {
            events.add("abandoned " + message.message().messageId() + (lockTimedOut ? " (lock timed out)" : ""));
        }

        @Override
        public void rejected(QueuedC2dMessage message) {
            events.add("rejected " + message.message().messageId());
        }

        @Override
        public void expired(QueuedC2dMessage message) {
            events.add("expired " + message.message().messageId());
        }

        @Override
        public void deadLettered(QueuedC2dMessage message) {
            events.add("dead-lettered " + message.message().messageId());
        }

        @Override
        public void purged(String deviceId, int count) {
            events.add("purged " + deviceId + " " + count);
        }

        @Override
        public void feedbackExpired(int count) {
            events.add("feedback expired " + count);
        }
    }
}
