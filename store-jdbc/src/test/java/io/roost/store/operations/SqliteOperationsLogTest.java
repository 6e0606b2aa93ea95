package io.roost.store.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsFilter;
import io.roost.core.operations.OperationsPage;
import io.roost.core.operations.StoredOperation;
import io.roost.core.testing.MutableClock;
import io.roost.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SqliteOperationsLogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private SqliteOperationsLog log;

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    private SqliteOperationsLog open(OperationsLogSettings settings) {
        log = SqliteOperationsLog.open(dir, settings);
        return log;
    }

    private OperationsLogSettings settings() {
        return OperationsLogSettings.of(Duration.ofDays(1), clock).withRetentionCheckInterval(Duration.ofMinutes(1));
    }

    private OperationEvent authFailed(String deviceId) {
        return OperationEvent.failure(clock.instant(), OperationCategory.Connections, "AUTH_FAILED", 401,
                "bad signature", deviceId, "mqtt", "127.0.0.x");
    }

    private OperationEvent connected(String deviceId) {
        return OperationEvent.success(clock.instant(), OperationCategory.Connections, "DEVICE_CONNECT", deviceId,
                "mqtt", "127.0.0.x");
    }

    private static List<OperationEvent> events(OperationsPage page) {
        return page.operations().stream().map(StoredOperation::event).toList();
    }

    @Test
    void open_logsTheStoreOpenOnce_thoughItKeepsAWriterAndAReaderConnection() {
        Logger logger = (Logger) LoggerFactory.getLogger(SqliteDatabase.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            open(settings());
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.contains("store") && line.contains(" open at schema version")).hasSize(1);
    }

    @Test
    void record_thenReopen_thenEveryFieldIsReadBackInOrder() {
        open(settings());
        OperationEvent first = authFailed("dev1");
        OperationEvent second = new OperationEvent(clock.instant(), OperationCategory.C2DCommands, "REJECT",
                OperationEvent.WARNING, OperationEvent.FAILURE, 400, "rejected \"by\" the device", "dev2", "http", "sas",
                "10.0.0.x", 12);
        log.record(first);
        log.record(second);
        await().atMost(WAIT).until(() -> log.durableSequence() == 2);
        log.close();

        open(settings());
        OperationsPage page = log.newest(OperationsFilter.ALL, 10).join();
        assertThat(events(page)).containsExactly(first, second);
        assertThat(page.operations()).extracting(StoredOperation::sequence).containsExactly(1L, 2L);
        assertThat(page.cursor()).isEqualTo(2);

        log.record(connected("dev3"));
        await().atMost(WAIT).until(() -> log.durableSequence() == 3);
    }

    @Test
    void newest_thenFiltersByDeviceCategoryAndTime_andKeepsTheNewestLast() {
        open(settings());
        log.record(authFailed("dev1"));
        clock.advance(Duration.ofMinutes(10));
        log.record(connected("dev1"));
        log.record(authFailed("dev2"));
        log.record(OperationEvent.failure(clock.instant(), OperationCategory.Throttling, "THROTTLED", 429, "over rate",
                "dev1", "mqtt", null));
        await().atMost(WAIT).until(() -> log.durableSequence() == 4);

        assertThat(events(log.newest(new OperationsFilter(Instant.EPOCH, null, "dev1"), 10).join()))
                .extracting(OperationEvent::operation).containsExactly("AUTH_FAILED", "DEVICE_CONNECT", "THROTTLED");
        assertThat(events(log.newest(new OperationsFilter(Instant.EPOCH, OperationCategory.Throttling, null), 10).join()))
                .extracting(OperationEvent::deviceId).containsExactly("dev1");
        assertThat(events(log.newest(new OperationsFilter(clock.instant().minusSeconds(1), null, null), 10).join()))
                .extracting(OperationEvent::operation).containsExactly("DEVICE_CONNECT", "AUTH_FAILED", "THROTTLED");
        // A limit keeps the newest, still oldest first.
        assertThat(events(log.newest(OperationsFilter.ALL, 2).join()))
                .extracting(OperationEvent::operation).containsExactly("AUTH_FAILED", "THROTTLED");
    }

    @Test
    void after_thenPagesForwardAndTheCursorSkipsEventsTheFilterLeftOut() {
        open(settings());
        log.record(authFailed("dev1"));
        log.record(authFailed("dev2"));
        log.record(authFailed("dev2"));
        await().atMost(WAIT).until(() -> log.durableSequence() == 3);

        OperationsPage dev1 = log.after(0, new OperationsFilter(Instant.EPOCH, null, "dev1"), 10).join();
        assertThat(dev1.operations()).extracting(StoredOperation::sequence).containsExactly(1L);
        assertThat(dev1.cursor()).isEqualTo(3);

        OperationsPage firstPage = log.after(0, OperationsFilter.ALL, 2).join();
        assertThat(firstPage.cursor()).isEqualTo(2);
        assertThat(log.after(firstPage.cursor(), OperationsFilter.ALL, 2).join().operations())
                .extracting(StoredOperation::sequence).containsExactly(3L);
    }

    @Test
    void whenNewerThan_thenCompletesOnlyOnceANewerEventIsDurable() {
        open(settings());
        CompletableFuture<Void> waiting = log.whenNewerThan(0);
        assertThat(waiting).isNotDone();
        log.record(connected("dev1"));
        assertThat(waiting).succeedsWithin(WAIT);
        assertThat(log.whenNewerThan(0)).isDone();
        CompletableFuture<Void> next = log.whenNewerThan(1);
        log.close();
        assertThat(next).failsWithin(WAIT);
    }

    @Test
    void retention_thenEventsOlderThanTheRetentionAreDeleted() {
        open(settings());
        log.record(authFailed("old"));
        await().atMost(WAIT).until(() -> log.durableSequence() == 1);
        clock.advance(Duration.ofDays(1).plusMinutes(2));
        log.record(authFailed("new"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(events(log.newest(OperationsFilter.ALL, 10).join()))
                .extracting(OperationEvent::deviceId).containsExactly("new"));
        // Sequences are never reused after a deletion.
        assertThat(log.newest(OperationsFilter.ALL, 10).join().operations().get(0).sequence()).isEqualTo(2);
    }

    @Test
    void record_whenTheQueueIsFull_thenDropsAndCounts() throws Exception {
        open(settings().withQueueCapacity(1));
        // Far more than the writer can take in one go; record never waits.
        for (int i = 0; i < 20_000; i++) {
            log.record(connected("dev" + i));
        }
        assertThat(log.droppedCount()).isPositive();
        log.close();
        assertThat(log.droppedCount() + log.durableSequence()).isEqualTo(20_000);
    }
}
