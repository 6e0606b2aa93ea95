package io.roost.core.log.segment;

import static io.roost.core.log.segment.LogTestSupport.append;
import static io.roost.core.log.segment.LogTestSupport.deviceIn;
import static io.roost.core.log.segment.LogTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roost.core.error.RoostException;
import io.roost.core.log.LogRecord;
import io.roost.core.log.LogReader;
import io.roost.core.log.StartPosition;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordAvailableTest {

    private static final int PARTITIONS = 2;

    @TempDir
    Path dir;

    private SegmentLog log;
    private final String device0 = deviceIn(0, PARTITIONS);
    private final String device1 = deviceIn(1, PARTITIONS);

    @BeforeEach
    void open() throws IOException {
        log = SegmentLog.open(SegmentLogConfig.builder(dir.resolve("d2c")).partitions(PARTITIONS)
                .retentionCheckInterval(Duration.ZERO).build());
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void whenRecordAvailable_whenTheRecordExists_thenCompletesAtOnce() {
        append(log, message(device0, 0));
        append(log, message(device0, 1));

        assertThat(log.whenRecordAvailable(0, 0)).isDone();
        assertThat(log.whenRecordAvailable(0, 1)).isDone();
        assertThat(log.whenRecordAvailable(0, 2)).isNotDone();
    }

    @Test
    void whenRecordAvailable_whenEmpty_thenCompletesAfterTheAppendAndTheRecordIsReadable() {
        CompletableFuture<Void> waiting = log.whenRecordAvailable(0, 0);
        AtomicReference<List<LogRecord>> readInCallback = new AtomicReference<>();
        CompletableFuture<Void> read = waiting.thenRun(() -> {
            try (LogReader reader = log.openReader(0, StartPosition.earliest())) {
                readInCallback.set(reader.poll(10));
            }
        });
        assertThat(waiting).isNotDone();

        append(log, message(device0, 7));

        read.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(readInCallback.get()).hasSize(1);
        assertThat(readInCallback.get().get(0).offset()).isZero();
    }

    @Test
    void whenRecordAvailable_whenAnotherPartitionGrows_thenStillWaits() {
        CompletableFuture<Void> waiting = log.whenRecordAvailable(0, 0);

        append(log, message(device1, 0));

        assertThat(waiting).isNotDone();
        append(log, message(device0, 0));
        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
    }

    @Test
    void whenRecordAvailable_whenWaitingForALaterOffset_thenCompletesOnlyOnceItIsWritten() {
        CompletableFuture<Void> second = log.whenRecordAvailable(0, 1);

        append(log, message(device0, 0));
        assertThat(second).isNotDone();
        append(log, message(device0, 1));

        await().atMost(Duration.ofSeconds(10)).until(second::isDone);
        assertThat(second).isCompleted();
    }

    @Test
    void whenRecordAvailable_whenTheWaitTimesOut_thenTheLogForgetsTheWaiter() {
        CompletableFuture<Void> waiting = log.whenRecordAvailable(0, 0).orTimeout(10, TimeUnit.MILLISECONDS);

        assertThatThrownBy(waiting::join).hasCauseInstanceOf(TimeoutException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.partitionLog(0).recordWaiters().size() == 0);
    }

    @Test
    void whenRecordAvailable_whenCancelled_thenTheLogForgetsTheWaiter() {
        for (int i = 0; i < 100; i++) {
            log.whenRecordAvailable(0, 0).cancel(false);
        }

        assertThat(log.partitionLog(0).recordWaiters().size()).isZero();
    }

    @Test
    void whenRecordAvailable_whenTheLogCloses_thenFailsUnavailable() {
        CompletableFuture<Void> waiting = log.whenRecordAvailable(0, 0);

        log.close();

        assertThatThrownBy(waiting::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RoostException.class)
                .extracting(e -> ((RoostException) e).status()).isEqualTo(RoostException.Status.UNAVAILABLE);
        assertThatThrownBy(() -> log.whenRecordAvailable(0, 0).join()).hasCauseInstanceOf(RoostException.class);
    }

    @Test
    void whenRecordAvailable_whenThePartitionDoesNotExist_thenBadRequest() {
        assertThatThrownBy(() -> log.whenRecordAvailable(PARTITIONS, 0))
                .isInstanceOf(RoostException.class)
                .extracting(e -> ((RoostException) e).status()).isEqualTo(RoostException.Status.BAD_REQUEST);
    }

    @Test
    void whenRecordAvailable_whenManyWaitersRaceWithAppends_thenEveryOneCompletes() {
        CompletableFuture<?>[] waiters = new CompletableFuture<?>[200];
        for (int i = 0; i < waiters.length; i++) {
            if (i % 2 == 0) {
                log.append(message(device0, i));
            }
            waiters[i] = log.whenRecordAvailable(0, i / 2);
        }
        for (int i = 0; i < waiters.length / 2; i++) {
            log.append(message(device0, 1000 + i));
        }

        CompletableFuture.allOf(waiters).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(log.partitionLog(0).recordWaiters().size()).isZero();
    }
}
