package io.roost.store.c2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roost.core.c2d.C2dEvents;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.C2dSettings;
import io.roost.core.c2d.C2dStore;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.error.RoostException;
import io.roost.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit of the C2D queues on a real SQLite file: operations queued together share one
 * commit, each keeps its own outcome, and nothing (future, depth, event, announcement) shows a
 * change before it is committed. Commits are held or failed through {@link InterposedC2dStore}.
 */
class C2dGroupCommitTest {

    private static final C2dSettings SETTINGS = C2dSettings.defaults().withSweepInterval(Duration.ZERO);
    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z").toEpochMilli());
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> available = new CopyOnWriteArrayList<>();
    private InterposedC2dStore interposed;
    private C2dQueues queues;

    @BeforeEach
    void open() {
        interposed = InterposedC2dStore.around(SqliteC2dStore.open(dir));
        queues = C2dQueues.open(interposed.store(), SETTINGS, clock, new C2dEvents() {
            @Override
            public void sent(QueuedC2dMessage message) {
                events.add("sent " + message.message().messageId());
            }
        });
        queues.addAvailabilityListener(available::add);
    }

    @AfterEach
    void close() {
        interposed.release();
        queues.close();
    }

    @Test
    void send_whenManyQueuedWhileACommitRuns_thenTheyShareCommitsOfAtMost256() throws Exception {
        CompletableFuture<QueuedC2dMessage> first = holdFirstCommit();
        List<CompletableFuture<QueuedC2dMessage>> sends = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sends.add(queues.send("dev" + i % 10, "gen", message("m" + i)));
        }

        interposed.release();
        get(first);
        for (CompletableFuture<QueuedC2dMessage> send : sends) {
            get(send);
        }

        // The held one alone, then the 300 waiting in two batches: 256 (the bound) and 44.
        assertThat(interposed.commits.get()).isEqualTo(3);
        assertThat(queues.totalDepth()).isEqualTo(301);
        assertThat(sends.stream().filter(send -> send.join().deviceId().equals("dev3")).map(send -> send.join().sequenceNumber()))
                .as("a device's messages keep the order they were sent in").isSorted().hasSize(30);
    }

    @Test
    void send_whenManyThreadsSendAtOnce_thenFewerCommitsThanSendsAndAllDurableAfterReopen() throws Exception {
        int threads = 16;
        int perThread = 40;
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<QueuedC2dMessage>> sends = new CopyOnWriteArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        sends.add(queues.send("dev" + thread, "gen", message("t" + thread + "-" + i)));
                    }
                });
            }
        } finally {
            senders.shutdown();
            assertThat(senders.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        List<QueuedC2dMessage> acknowledged = new ArrayList<>();
        for (CompletableFuture<QueuedC2dMessage> send : sends) {
            acknowledged.add(get(send));
        }

        assertThat(acknowledged).hasSize(threads * perThread);
        assertThat(interposed.commits.get()).as("commits for %d sends", acknowledged.size()).isLessThan(acknowledged.size());

        queues.close();
        try (SqliteC2dStore reopened = SqliteC2dStore.open(dir)) {
            Map<String, Integer> expected = acknowledged.stream()
                    .collect(Collectors.toMap(QueuedC2dMessage::deviceId, message -> 1, Integer::sum));
            assertThat(reopened.depths()).isEqualTo(expected);
            for (String deviceId : expected.keySet()) {
                assertThat(reopened.all(deviceId)).extracting(QueuedC2dMessage::sequenceNumber)
                        .containsExactlyElementsOf(range(1, perThread));
            }
        }
        open();
    }

    @Test
    void send_whileItsCommitIsHeld_thenNotCompleteNotCountedNotAnnounced() throws Exception {
        CompletableFuture<QueuedC2dMessage> send = holdFirstCommit();

        assertThat(send).isNotDone();
        assertThat(queues.depth("dev0")).isZero();
        assertThat(queues.totalDepth()).isZero();
        assertThat(events).isEmpty();
        assertThat(available).isEmpty();

        interposed.release();
        assertThat(get(send).sequenceNumber()).isEqualTo(1);
        assertThat(queues.depth("dev0")).isEqualTo(1);
        assertThat(events).containsExactly("sent first");
        assertThat(available).containsExactly("dev0");
    }

    @Test
    void batch_whenOneOperationFails_thenOnlyItsFutureFailsAndItLeavesNoTrace() throws Exception {
        interposed.failingInsertDevices.add("bad");
        CompletableFuture<QueuedC2dMessage> first = holdFirstCommit();
        CompletableFuture<QueuedC2dMessage> before = queues.send("a", "gen", message("a1"));
        CompletableFuture<QueuedC2dMessage> failing = queues.send("bad", "gen", message("bad1"));
        CompletableFuture<QueuedC2dMessage> lockLost = queues.complete("dev0", "no-such-token");
        CompletableFuture<QueuedC2dMessage> after = queues.send("c", "gen", message("c1"));

        interposed.release();
        get(first);
        assertThat(get(before).deviceId()).isEqualTo("a");
        assertThat(get(after).deviceId()).isEqualTo("c");
        assertThatThrownBy(() -> get(failing)).hasCauseInstanceOf(RoostException.class);
        assertThatThrownBy(() -> get(lockLost)).cause().hasMessageContaining("no message of device dev0 is locked");

        assertThat(interposed.commits.get()).as("the held commit, then one for the other four").isEqualTo(2);
        assertThat(queues.depth("bad")).isZero();
        assertThat(queues.totalDepth()).isEqualTo(3);
        assertThat(events).containsExactly("sent first", "sent a1", "sent c1");
        assertThat(available).containsExactly("dev0", "a", "c");
        queues.close();
        try (SqliteC2dStore reopened = SqliteC2dStore.open(dir)) {
            assertThat(reopened.depths()).isEqualTo(Map.of("dev0", 1, "a", 1, "c", 1));
        }
        open();
    }

    @Test
    void batch_whenCommitFails_thenEveryFutureFailsAndMemoryAndStoreKeepOnlyWhatWasCommitted() throws Exception {
        CompletableFuture<QueuedC2dMessage> first = holdFirstCommit();
        CompletableFuture<QueuedC2dMessage> send = queues.send("dev1", "gen-dev1", message("lost"));
        CompletableFuture<QueuedC2dMessage> deliver = queues.send("dev0", "gen", message("lost too"));
        CompletableFuture<Integer> retire = queues.retire("dev0", "gen");
        // The held commit succeeds; the next one, holding the three above, fails.
        interposed.failingCommit.set(2);
        interposed.release();
        get(first);
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> send.isDone() && deliver.isDone() && retire.isDone());

        assertThatThrownBy(() -> get(send)).hasMessageContaining("failed to commit");
        assertThatThrownBy(() -> get(deliver)).hasMessageContaining("failed to commit");
        assertThatThrownBy(() -> get(retire)).hasMessageContaining("failed to commit");
        assertThat(queues.depth("dev1")).isZero();
        assertThat(queues.depth("dev0")).as("the retire's purge was rolled back").isEqualTo(1);
        assertThat(queues.totalDepth()).isEqualTo(1);
        assertThat(events).containsExactly("sent first");
        assertThat(available).containsExactly("dev0");

        // The store goes on, and the failed retire no longer refuses its generation.
        assertThat(get(queues.send("dev0", "gen", message("later"))).sequenceNumber()).isEqualTo(2);
        queues.close();
        try (SqliteC2dStore reopened = SqliteC2dStore.open(dir)) {
            assertThat(reopened.depths()).isEqualTo(Map.of("dev0", 2));
        }
        open();
    }

    /** Sends one message to dev0 and waits until its commit is held, so later calls queue up behind it. */
    private CompletableFuture<QueuedC2dMessage> holdFirstCommit() {
        interposed.holdCommits();
        CompletableFuture<QueuedC2dMessage> first = queues.send("dev0", "gen", message("first"));
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> interposed.commitsStarted.get() == 1);
        return first;
    }

    private static C2dMessage message(String messageId) {
        return C2dMessage.of(messageId, messageId.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Long> range(long from, long to) {
        List<Long> numbers = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    private static <T> T get(CompletableFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
