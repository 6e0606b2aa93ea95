package io.roost.bench.log;

import io.roost.core.log.segment.SegmentLog;
import io.roost.core.log.segment.SegmentLogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Append latency of the real {@link SegmentLog} at a fixed arrival rate (open loop): one producer
 * sends append i at {@code start + i / rate} whether or not earlier ones completed. Latency is
 * completion minus that scheduled time, so a producer that falls behind counts against the log
 * (no coordinated omission). Prints one summary line for the measured part (after a warm-up).
 *
 * <p>System properties: {@code roost.bench.rate} appends/s (125000), {@code roost.bench.bodyBytes}
 * (200), {@code roost.bench.warmupSeconds} (5), {@code roost.bench.seconds} (20),
 * {@code roost.bench.dir} (see {@link BenchDirectory}).
 */
public final class PacedAppendLatency {

    private PacedAppendLatency() {
    }

    public static void main(String[] args) throws Exception {
        long rate = Long.getLong("roost.bench.rate", 125_000);
        int bodyBytes = Integer.getInteger("roost.bench.bodyBytes", 200);
        long warmupAppends = rate * Long.getLong("roost.bench.warmupSeconds", 5);
        long measuredAppends = rate * Long.getLong("roost.bench.seconds", 20);

        Path directory = BenchDirectory.createForTrial("paced-append-");
        SegmentLog log = SegmentLog.open(SegmentLogConfig.builder(directory)
                .partitions(4)
                .retentionCheckInterval(Duration.ZERO)
                .build());
        Workload workload = new Workload(bodyBytes);
        LatencyRecorder latencies = new LatencyRecorder(Math.toIntExact(measuredAppends));
        CountDownLatch outstanding = new CountDownLatch(Math.toIntExact(warmupAppends + measuredAppends));
        AtomicLong failures = new AtomicLong();
        AtomicLong lastCompletionNanos = new AtomicLong();

        long start = System.nanoTime();
        long measuredStart = start + warmupAppends * 1_000_000_000L / rate;
        for (long i = 0; i < warmupAppends + measuredAppends; i++) {
            long scheduledNanos = start + i * 1_000_000_000L / rate;
            long now;
            while ((now = System.nanoTime()) < scheduledNanos) {
                LockSupport.parkNanos(scheduledNanos - now);
            }
            int slot = i >= warmupAppends ? latencies.claim() : -1;
            log.append(workload.next()).whenComplete((record, failure) -> {
                long completedNanos = System.nanoTime();
                latencies.record(slot, completedNanos - scheduledNanos);
                lastCompletionNanos.accumulateAndGet(completedNanos, Math::max);
                if (failure != null) {
                    failures.incrementAndGet();
                }
                outstanding.countDown();
            });
        }
        if (!outstanding.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("appends did not complete within 60 s");
        }
        log.close();
        BenchDirectory.delete(directory);

        double achieved = measuredAppends / ((lastCompletionNanos.get() - measuredStart) / 1e9);
        System.out.printf("[paced] body=%d B target=%d records/s achieved=%.0f records/s failed=%d;"
                        + " latency %s; peak RSS %s%n",
                bodyBytes, rate, achieved, failures.get(), latencies.summary(), peakRss());
    }

    /** VmHWM from /proc/self/status: the most resident memory this process ever had. */
    private static String peakRss() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> line.substring("VmHWM:".length()).trim())
                .findFirst()
                .orElse("unknown");
    }
}
