package io.roost.core.log.segment;

import static io.roost.core.log.segment.LogTestSupport.deviceIn;
import static io.roost.core.log.segment.LogTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.log.AppendedRecord;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers tail a partition while it is appended to and rolled: they see every record once, in order. */
class ConcurrentReadersTest {

    private static final int RECORDS = 20_000;

    @TempDir
    Path dir;

    @Test
    void readersTailingALivePartition_seeEveryRecordInOrder() throws Exception {
        String device = deviceIn(0, 4);
        ExecutorService readers = Executors.newFixedThreadPool(3);
        try (SegmentLog log = SegmentLog.open(SegmentLogConfig.builder(dir.resolve("d2c")).segmentBytes(64 * 1024)
                .indexIntervalBytes(1024).retentionCheckInterval(Duration.ZERO).build())) {
            List<Future<Long>> results = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                results.add(readers.submit(() -> tail(log)));
            }
            Semaphore window = new Semaphore(256);
            List<CompletableFuture<AppendedRecord>> appends = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                window.acquire();
                appends.add(log.append(message(device, i)).whenComplete((a, e) -> window.release()));
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (Future<Long> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(RECORDS);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    private static long tail(SegmentLog log) {
        long expected = 0;
        try (LogReader reader = log.openReader(0, StartPosition.earliest())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (expected < RECORDS && System.nanoTime() < deadline) {
                for (LogRecord record : reader.poll(500)) {
                    assertThat(record.offset()).isEqualTo(expected);
                    assertThat(record.message().applicationProperties().get("n")).isEqualTo(Long.toString(expected));
                    expected++;
                }
                Thread.onSpinWait();
            }
        }
        return expected;
    }
}
