package io.roost.core.log.segment;

import static io.roost.core.log.segment.LogTestSupport.append;
import static io.roost.core.log.segment.LogTestSupport.deviceIn;
import static io.roost.core.log.segment.LogTestSupport.message;
import static io.roost.core.log.segment.LogTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.log.AppendedRecord;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery keeps exactly the valid prefix of a damaged tail, and appends continue after it. */
class LogRecoveryTest {

    private static final int PARTITION = 1;

    @TempDir
    Path dir;

    private SegmentLogConfig config() {
        return SegmentLogConfig.builder(dir.resolve("d2c")).segmentBytes(64 * 1024).indexIntervalBytes(512)
                .retentionCheckInterval(Duration.ZERO).build();
    }

    @RepeatedTest(10)
    void garbageFromARandomPosition_ofTheTailSegment_keepsExactlyTheValidPrefix() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String device = deviceIn(PARTITION, 4);
        List<AppendedRecord> appended = new ArrayList<>();
        try (SegmentLog log = SegmentLog.open(config())) {
            int count = 100 + random.nextInt(600);
            for (int i = 0; i < count; i++) {
                appended.add(append(log, message(device, i)));
            }
        }
        Path tail = tailSegment();
        long tailBase = Long.parseLong(tail.getFileName().toString().substring(0, 20));
        long tailBytes = Files.size(tail);
        long garbageAt = (long) (random.nextDouble() * tailBytes);
        byte[] garbage = new byte[1 + random.nextInt(4096)];
        random.nextBytes(garbage);
        // Record boundaries are read before the garbage overwrites their size fields.
        long survivors = recordsStartingBefore(appended, tail, tailBase, garbageAt);
        try (FileChannel channel = FileChannel.open(tail, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(garbage), garbageAt);
        }
        markUnclean();

        try (SegmentLog log = SegmentLog.open(config())) {
            List<LogRecord> read = readAll(log, PARTITION, StartPosition.earliest());
            assertThat(read).as("seed %d, garbage at %d of %d", seed, garbageAt, tailBytes).hasSize((int) survivors);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).offset()).isEqualTo(i);
                assertThat(read.get(i).message().body()).isEqualTo(message(device, i).body());
            }
            assertThat(Files.size(tail)).isLessThanOrEqualTo(garbageAt);
            AppendedRecord next = append(log, message(device, 100_000));
            assertThat(next.offset()).isEqualTo(survivors);
            assertThat(readAll(log, PARTITION, StartPosition.fromOffset(survivors)))
                    .extracting(r -> r.message().applicationProperties().get("n")).containsExactly("100000");
        }
    }

    @Test
    void tornLastRecord_isCut_andTheRestKept() throws IOException {
        String device = deviceIn(PARTITION, 4);
        try (SegmentLog log = SegmentLog.open(config())) {
            for (int i = 0; i < 10; i++) {
                append(log, message(device, i));
            }
        }
        Path tail = tailSegment();
        try (FileChannel channel = FileChannel.open(tail, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 3);
        }
        markUnclean();
        try (SegmentLog log = SegmentLog.open(config())) {
            assertThat(readAll(log, PARTITION, StartPosition.earliest())).hasSize(9);
            assertThat(append(log, message(device, 10)).offset()).isEqualTo(9);
        }
    }

    /** Records wholly before the garbage survive; the first record the garbage touches and all after go. */
    private static long recordsStartingBefore(List<AppendedRecord> appended, Path tail, long tailBase, long garbageAt)
            throws IOException {
        long position = 0;
        long offset = tailBase;
        try (FileChannel channel = FileChannel.open(tail, StandardOpenOption.READ)) {
            ByteBuffer size = ByteBuffer.allocate(4);
            while (offset < tailBase + countIn(appended, tailBase)) {
                size.clear();
                channel.read(size, position);
                long end = position + 4 + size.getInt(0);
                if (end > garbageAt) {
                    break;
                }
                position = end;
                offset++;
            }
        }
        return offset;
    }

    private static long countIn(List<AppendedRecord> appended, long base) {
        return appended.stream().filter(a -> a.partition() == PARTITION && a.offset() >= base).count();
    }

    private Path tailSegment() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("d2c/partition-" + PARTITION))) {
            return files.filter(f -> f.toString().endsWith(".log")).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    /** The damage happened "while running": no clean-shutdown marker, no trusted index for the tail. */
    private void markUnclean() throws IOException {
        Files.delete(dir.resolve("d2c/.clean-shutdown"));
    }
}
