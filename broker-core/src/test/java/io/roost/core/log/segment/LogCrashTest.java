package io.roost.core.log.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.message.TelemetryMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is ever lost: a child JVM appends from several threads and records every
 * append whose future completed; the test SIGKILLs it at a random moment, reopens the log and finds
 * every acknowledged record, identical, in order, with no gaps. Twenty rounds on the same log, so
 * every round also appends after a recovery.
 */
class LogCrashTest {

    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAppend_survivesSigkill_twentyTimes() throws Exception {
        Path logDir = dir.resolve("d2c");
        Path ackFile = dir.resolve("acks.txt");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long acknowledgedSoFar = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long killAfterAcks = acknowledgedSoFar + 200 + random.nextInt(20_000);
            Process child = startChild(logDir, ackFile, round);
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> lineCount(ackFile) >= killAfterAcks || !child.isAlive());
                assertThat(child.isAlive()).as("child alive in round %d (seed %d)", round, seed).isTrue();
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            acknowledgedSoFar = verify(logDir, ackFile, round, seed);
        }
        assertThat(acknowledgedSoFar).isGreaterThan(ROUNDS * 200L);
    }

    /** Reopens the log (recovery) and checks every acknowledged record; returns how many there were. */
    private long verify(Path logDir, Path ackFile, int round, long seed) throws IOException {
        Map<Long, String> ackedByPartitionOffset = new HashMap<>();
        List<String> lines = Files.readAllLines(ackFile, StandardCharsets.US_ASCII);
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 5) {
                ackedByPartitionOffset.put(key(Integer.parseInt(f[3]), Long.parseLong(f[4])), line);
            }
        }
        try (SegmentLog log = SegmentLog.open(SegmentLogConfig.builder(logDir)
                .segmentBytes(512 * 1024).indexIntervalBytes(1024).retentionCheckInterval(Duration.ZERO).build())) {
            long found = 0;
            for (int p = 0; p < log.partitionCount(); p++) {
                Map<String, Long> lastCounterByDevice = new HashMap<>();
                long expectedOffset = 0;
                try (LogReader reader = log.openReader(p, StartPosition.earliest())) {
                    List<LogRecord> batch;
                    while (!(batch = reader.poll(1000)).isEmpty()) {
                        for (LogRecord record : batch) {
                            assertThat(record.offset()).as("no gaps (seed %d)", seed).isEqualTo(expectedOffset++);
                            String ack = ackedByPartitionOffset.remove(key(p, record.offset()));
                            long counter = Long.parseLong(record.message().applicationProperties().get("counter"));
                            String deviceId = record.message().deviceId();
                            Long last = lastCounterByDevice.put(deviceId, counter);
                            assertThat(last == null || last < counter).as("device order (seed %d)", seed).isTrue();
                            if (ack != null) {
                                String[] f = ack.split(" ");
                                assertIdentical(record.message(), CrashTestMessages.message(Integer.parseInt(f[0]),
                                        Integer.parseInt(f[1]), Long.parseLong(f[2])));
                                found++;
                            }
                        }
                    }
                }
            }
            assertThat(ackedByPartitionOffset).as("acknowledged but lost after round %d (seed %d)", round, seed)
                    .isEmpty();
            return found;
        }
    }

    private static void assertIdentical(TelemetryMessage actual, TelemetryMessage expected) {
        assertThat(actual.deviceId()).isEqualTo(expected.deviceId());
        assertThat(actual.systemProperties()).isEqualTo(expected.systemProperties());
        assertThat(actual.applicationProperties()).isEqualTo(expected.applicationProperties());
        assertThat(actual.body()).isEqualTo(expected.body());
    }

    private static long key(int partition, long offset) {
        return ((long) partition << 56) | offset;
    }

    private static long lineCount(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            return lines.count();
        }
    }

    private static Process startChild(Path logDir, Path ackFile, int round) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashingAppender.class.getName(), logDir.toString(), ackFile.toString(), Integer.toString(round))
                .redirectErrorStream(true)
                .start();
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                while (out.readLine() != null) {
                    // keep the pipe empty so the child never blocks on it
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, "crash-child-output");
        drain.setDaemon(true);
        drain.start();
        return process;
    }
}
