package io.roost.core.log.segment;

import static io.roost.core.log.segment.LogTestSupport.append;
import static io.roost.core.log.segment.LogTestSupport.deviceIn;
import static io.roost.core.log.segment.LogTestSupport.message;
import static io.roost.core.log.segment.LogTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.error.RoostException;
import io.roost.core.log.AppendedRecord;
import io.roost.core.log.LogRecord;
import io.roost.core.log.OffsetOutOfRangeException;
import io.roost.core.log.PartitionInfo;
import io.roost.core.log.StartPosition;
import io.roost.core.message.TelemetryMessage;
import io.roost.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private SegmentLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private SegmentLogConfig.Builder config() {
        return SegmentLogConfig.builder(dir.resolve("d2c")).clock(clock)
                .segmentBytes(4096).indexIntervalBytes(256).retentionCheckInterval(Duration.ZERO);
    }

    private SegmentLog open(SegmentLogConfig.Builder builder) throws IOException {
        log = SegmentLog.open(builder.build());
        return log;
    }

    private void reopen() throws IOException {
        log.close();
        log = SegmentLog.open(config().build());
    }

    @Test
    void append_thenRead_returnsTheSameMessageWithOffsetAndTime() throws IOException {
        open(config());
        TelemetryMessage sent = message("dev1", 7);
        AppendedRecord appended = append(log, sent);

        List<LogRecord> read = readAll(log, appended.partition(), StartPosition.earliest());

        assertThat(read).hasSize(1);
        LogRecord record = read.get(0);
        assertThat(record.offset()).isZero();
        assertThat(record.enqueuedTimeMillis()).isEqualTo(clock.millis());
        assertThat(record.message().deviceId()).isEqualTo("dev1");
        assertThat(record.message().systemProperties()).isEqualTo(sent.systemProperties());
        assertThat(record.message().applicationProperties()).isEqualTo(sent.applicationProperties());
        assertThat(record.message().body()).isEqualTo(sent.body());
    }

    @Test
    void sameDevice_alwaysSamePartition_inOrder_acrossRestart() throws IOException {
        open(config());
        int partition = log.partitionFor("dev-x");
        for (int i = 0; i < 50; i++) {
            assertThat(append(log, message("dev-x", i)).partition()).isEqualTo(partition);
        }
        reopen();
        assertThat(log.partitionFor("dev-x")).isEqualTo(partition);
        assertThat(append(log, message("dev-x", 50)).offset()).isEqualTo(50);
        List<LogRecord> read = readAll(log, partition, StartPosition.earliest());
        assertThat(read).extracting(LogRecord::offset).containsExactlyElementsOf(
                Stream.iterate(0L, n -> n + 1).limit(51).toList());
    }

    @Test
    void enqueuedTimes_neverDecrease_evenWhenTheClockGoesBack() throws IOException {
        open(config());
        String device = "dev1";
        long first = append(log, message(device, 0)).enqueuedTimeMillis();
        clock.advance(Duration.ofMinutes(-5));
        long second = append(log, message(device, 1)).enqueuedTimeMillis();
        assertThat(second).isGreaterThanOrEqualTo(first);
    }

    @Test
    void readers_byOffsetSequenceAndTime_returnTheRightFirstRecord_atSegmentBoundaries() throws IOException {
        open(config());
        String device = deviceIn(1, 4);
        List<AppendedRecord> appended = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clock.advance(Duration.ofMillis(10));
            appended.add(append(log, message(device, i)));
        }
        List<Long> boundaries = segmentBaseOffsets(1);
        assertThat(boundaries.size()).as("several segments").isGreaterThan(3);
        List<Long> probes = new ArrayList<>();
        for (long base : boundaries) {
            probes.add(base);
            if (base > 0) {
                probes.add(base - 1);
            }
            probes.add(base + 1);
        }
        probes.add(199L);
        for (long offset : probes) {
            assertThat(firstOffset(StartPosition.fromOffset(offset))).as("from offset %d", offset).isEqualTo(offset);
            assertThat(firstOffset(StartPosition.fromSequenceNumber(offset, true))).isEqualTo(offset);
            if (offset < 199) {
                assertThat(firstOffset(StartPosition.fromSequenceNumber(offset, false))).isEqualTo(offset + 1);
            }
            long time = appended.get((int) offset).enqueuedTimeMillis();
            assertThat(firstOffset(StartPosition.fromEnqueuedTime(time))).as("from time of %d", offset)
                    .isEqualTo(offset);
            assertThat(firstOffset(StartPosition.fromEnqueuedTime(time - 5))).isEqualTo(offset);
            if (offset < 199) {
                assertThat(firstOffset(StartPosition.fromEnqueuedTime(time, false))).isEqualTo(offset + 1);
            }
        }
        assertThat(readAll(log, 1, StartPosition.fromOffset(150))).hasSize(50);
        assertThat(readAll(log, 1, StartPosition.fromEnqueuedTime(clock.millis() + 1))).isEmpty();
    }

    @Test
    void latest_readsOnlyWhatComesAfter() throws IOException {
        open(config());
        String device = deviceIn(0, 4);
        append(log, message(device, 0));
        var reader = log.openReader(0, StartPosition.latest());
        assertThat(reader.poll(10)).isEmpty();
        append(log, message(device, 1));
        assertThat(reader.poll(10)).extracting(LogRecord::offset).containsExactly(1L);
    }

    @Test
    void poll_withAByteBound_stopsOnceTheBodiesReachIt_butReturnsAtLeastOne() throws IOException {
        open(config());
        String device = deviceIn(0, 4);
        for (int n = 0; n < 10; n++) {
            append(log, TelemetryMessage.of(device, new byte[100]));
        }
        var reader = log.openReader(0, StartPosition.earliest());

        assertThat(reader.poll(10, 250)).extracting(LogRecord::offset).containsExactly(0L, 1L, 2L);
        assertThat(reader.poll(10, 1)).extracting(LogRecord::offset).containsExactly(3L);
        assertThat(reader.poll(2, Long.MAX_VALUE)).extracting(LogRecord::offset).containsExactly(4L, 5L);
        assertThat(reader.poll(10, 1_000)).extracting(LogRecord::offset).containsExactly(6L, 7L, 8L, 9L);
    }

    @Test
    void readingPastTheEnd_isOutOfRange() throws IOException {
        open(config());
        assertThatThrownBy(() -> log.openReader(0, StartPosition.fromOffset(5)))
                .isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("next offset to be written is 0");
    }

    @Test
    void unknownPartition_isABadRequest() throws IOException {
        open(config());
        assertThatThrownBy(() -> log.openReader(4, StartPosition.earliest()))
                .isInstanceOf(RoostException.class)
                .extracting(e -> ((RoostException) e).status()).isEqualTo(RoostException.Status.BAD_REQUEST);
    }

    @Test
    void oversizedBody_isRefused_andNothingIsWritten() throws IOException {
        open(config().maxMessageBytes(1000));
        assertThatThrownBy(() -> log.append(TelemetryMessage.of("dev1", new byte[1001])).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RoostException.class)
                .hasMessageContaining("limit is 1000");
        assertThat(log.partitionInfo(log.partitionFor("dev1")).nextOffset()).isZero();
        assertThat(append(log, TelemetryMessage.of("dev1", new byte[1000])).offset()).isZero();
    }

    @Test
    void cleanRestart_scansNothing_uncleanRestart_scansOnlyTails() throws IOException {
        open(config());
        for (int i = 0; i < 300; i++) {
            append(log, message("dev" + (i % 7), i));
        }
        reopen();
        assertThat(log.segmentsScannedAtOpen()).isZero();
        assertThat(readAll(log, 0, StartPosition.earliest())).isNotEmpty();

        log.close();
        simulateUncleanStop();
        log = SegmentLog.open(config().build());
        assertThat(log.segmentsScannedAtOpen()).isEqualTo(4);
        int total = 0;
        for (int p = 0; p < 4; p++) {
            total += readAll(log, p, StartPosition.earliest()).size();
        }
        assertThat(total).isEqualTo(300);
    }

    @Test
    void missingOrDamagedIndex_isRebuilt() throws IOException {
        open(config());
        String device = deviceIn(2, 4);
        for (int i = 0; i < 100; i++) {
            append(log, message(device, i));
        }
        log.close();
        List<Path> indexes;
        try (Stream<Path> files = Files.list(dir.resolve("d2c/partition-2"))) {
            indexes = files.filter(f -> f.toString().endsWith(".index")).sorted().toList();
        }
        assertThat(indexes.size()).isGreaterThan(2);
        Files.delete(indexes.get(0));
        Files.write(indexes.get(1), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45,
            46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70});
        log = SegmentLog.open(config().build());
        assertThat(log.segmentsScannedAtOpen()).isEqualTo(2);
        assertThat(Files.exists(indexes.get(0))).isTrue();
        for (long offset = 0; offset < 100; offset += 7) {
            assertThat(firstOffset(2, StartPosition.fromOffset(offset))).isEqualTo(offset);
        }
        assertThat(readAll(log, 2, StartPosition.earliest())).hasSize(100);
    }

    @Test
    void backPressure_signalsBeforeTheQueueIsFull_andRefusesWhenFull() throws Exception {
        open(config().appendQueueCapacity(8));
        String device = deviceIn(3, 4);
        CountDownLatch appenderBlocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        log.partitionLog(3).appender().runOnAppender(() -> {
            appenderBlocked.countDown();
            awaitQuietly(release);
        });
        assertThat(appenderBlocked.await(10, TimeUnit.SECONDS)).isTrue();

        List<CompletableFuture<AppendedRecord>> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(log.append(message(device, i)));
        }
        assertThat(log.isWritable(3)).as("writable below the high-water mark (6 of 8)").isTrue();
        for (int i = 5; i < 8; i++) {
            accepted.add(log.append(message(device, i)));
        }
        assertThat(log.isWritable(3)).as("not writable from the high-water mark on").isFalse();
        CompletableFuture<AppendedRecord> refused = log.append(message(device, 99));
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).cause().isInstanceOf(RoostException.class)
                .hasMessageContaining("append queue of partition 3 is full");
        assertThat(log.isWritable(0)).as("other partitions unaffected").isTrue();

        CountDownLatch resumed = new CountDownLatch(1);
        log.whenWritable(3, resumed::countDown);
        assertThat(resumed.getCount()).isEqualTo(1);
        release.countDown();
        assertThat(resumed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted).allSatisfy(f -> assertThat(f.join().partition()).isEqualTo(3));
        assertThat(log.isWritable(3)).isTrue();
        assertThat(readAll(log, 3, StartPosition.earliest())).extracting(r -> r.message().systemProperties()
                .get("message-id")).containsExactly("mid-0", "mid-1", "mid-2", "mid-3", "mid-4", "mid-5", "mid-6",
                        "mid-7");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void partitionInfo_describesOffsetsAndTimes() throws IOException {
        open(config());
        String device = deviceIn(0, 4);
        assertThat(log.partitionInfo(0).isEmpty()).isTrue();
        assertThat(log.partitionInfo(0).firstEnqueuedTimeMillis()).isEqualTo(-1);
        AppendedRecord first = null;
        AppendedRecord last = null;
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            last = append(log, message(device, i));
            first = first == null ? last : first;
        }
        PartitionInfo info = log.partitionInfo(0);
        assertThat(info.firstEnqueuedTimeMillis()).isEqualTo(first.enqueuedTimeMillis()).isLessThan(last.enqueuedTimeMillis());
        assertThat(info.earliestOffset()).isZero();
        assertThat(info.lastOffset()).isEqualTo(4);
        assertThat(info.lastEnqueuedTimeMillis()).isEqualTo(last.enqueuedTimeMillis());
        assertThat(info.sizeBytes()).isPositive();
    }

    @Test
    void partitionCount_isFixedWhenTheLogIsCreated() throws IOException {
        open(config().partitions(8));
        log.close();
        log = SegmentLog.open(config().partitions(2).build());
        assertThat(log.partitionCount()).isEqualTo(8);
    }

    private long firstOffset(StartPosition position) {
        return firstOffset(1, position);
    }

    private long firstOffset(int partition, StartPosition position) {
        try (var reader = log.openReader(partition, position)) {
            List<LogRecord> records = reader.poll(1);
            return records.isEmpty() ? -1 : records.get(0).offset();
        }
    }

    private List<Long> segmentBaseOffsets(int partition) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("d2c/partition-" + partition))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
        }
    }

    /** Makes a closed log look as if its process had died: no marker, no index of the active segments. */
    private void simulateUncleanStop() throws IOException {
        Files.delete(dir.resolve("d2c/.clean-shutdown"));
        for (int p = 0; p < 4; p++) {
            List<Long> bases = segmentBaseOffsets(p);
            Files.delete(dir.resolve("d2c/partition-" + p).resolve(String.format("%020d.index", bases.get(bases.size() - 1))));
        }
    }
}
