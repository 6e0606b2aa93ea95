package io.roost.core.log.segment;

import static io.roost.core.log.segment.LogTestSupport.append;
import static io.roost.core.log.segment.LogTestSupport.deviceIn;
import static io.roost.core.log.segment.LogTestSupport.message;
import static io.roost.core.log.segment.LogTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.log.LogReader;
import io.roost.core.log.OffsetOutOfRangeException;
import io.roost.core.log.PartitionInfo;
import io.roost.core.log.StartPosition;
import io.roost.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention with an injected clock: no sleeping. */
class LogRetentionTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);

    private SegmentLogConfig.Builder config() {
        return SegmentLogConfig.builder(dir.resolve("d2c")).clock(clock).segmentBytes(4096)
                .indexIntervalBytes(256).retention(Duration.ofDays(1)).retentionCheckInterval(Duration.ZERO);
    }

    @Test
    void segmentsOlderThanRetention_disappear_andReadsOfTheirOffsetsFailClearly() throws IOException {
        String device = deviceIn(0, 4);
        try (SegmentLog log = SegmentLog.open(config().build())) {
            for (int i = 0; i < 100; i++) {
                append(log, message(device, i));
            }
            long segmentsBefore = segmentCount(0);
            assertThat(segmentsBefore).isGreaterThan(3);
            LogReader earlyReader = log.openReader(0, StartPosition.earliest());
            assertThat(earlyReader.poll(1)).hasSize(1);

            clock.advance(Duration.ofHours(23));
            log.enforceRetention();
            assertThat(segmentCount(0)).as("nothing is old enough yet").isEqualTo(segmentsBefore);

            clock.advance(Duration.ofHours(2));
            long fresh = append(log, message(device, 100)).offset();
            log.enforceRetention();

            assertThat(segmentCount(0)).isEqualTo(1);
            PartitionInfo info = log.partitionInfo(0);
            assertThat(info.earliestOffset()).isEqualTo(fresh);
            assertThatThrownBy(() -> log.openReader(0, StartPosition.fromOffset(5)))
                    .isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("out of range: the earliest retained offset is " + fresh);
            assertThatThrownBy(() -> earlyReader.poll(10))
                    .isInstanceOf(OffsetOutOfRangeException.class)
                    .satisfies(e -> assertThat(((OffsetOutOfRangeException) e).earliestOffset()).isEqualTo(fresh));
            assertThat(readAll(log, 0, StartPosition.earliest())).extracting(r -> r.offset()).containsExactly(fresh);
        }
    }

    @Test
    void quietPartition_agesOutToo() throws IOException {
        String device = deviceIn(2, 4);
        try (SegmentLog log = SegmentLog.open(config().build())) {
            for (int i = 0; i < 3; i++) {
                append(log, message(device, i));
            }
            clock.advance(Duration.ofDays(2));
            log.enforceRetention();

            PartitionInfo info = log.partitionInfo(2);
            assertThat(info.isEmpty()).isTrue();
            assertThat(info.earliestOffset()).isEqualTo(3);
            assertThat(readAll(log, 2, StartPosition.earliest())).isEmpty();
            assertThat(append(log, message(device, 3)).offset()).isEqualTo(3);
        }
    }

    @Test
    void partitionOverItsSizeCap_losesItsOldestSegments() throws IOException {
        String device = deviceIn(1, 4);
        try (SegmentLog log = SegmentLog.open(config().retentionBytesPerPartition(3 * 4096).build())) {
            for (int i = 0; i < 400; i++) {
                append(log, message(device, i));
            }
            log.enforceRetention();
            PartitionInfo info = log.partitionInfo(1);
            assertThat(info.sizeBytes()).isLessThanOrEqualTo(3 * 4096);
            assertThat(info.earliestOffset()).isPositive();
            assertThat(readAll(log, 1, StartPosition.earliest())).hasSize((int) (400 - info.earliestOffset()));
        }
    }

    @Test
    void retentionSurvivesRestart_andDeletedOffsetsStayGone() throws IOException {
        String device = deviceIn(3, 4);
        long fresh;
        try (SegmentLog log = SegmentLog.open(config().build())) {
            for (int i = 0; i < 100; i++) {
                append(log, message(device, i));
            }
            clock.advance(Duration.ofDays(2));
            fresh = append(log, message(device, 100)).offset();
            log.enforceRetention();
        }
        try (SegmentLog log = SegmentLog.open(config().build())) {
            assertThat(log.partitionInfo(3).earliestOffset()).isEqualTo(fresh);
            assertThat(append(log, message(device, 101)).offset()).isEqualTo(fresh + 1);
        }
    }

    private long segmentCount(int partition) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("d2c/partition-" + partition))) {
            return files.filter(f -> f.toString().endsWith(".log")).count();
        }
    }
}
