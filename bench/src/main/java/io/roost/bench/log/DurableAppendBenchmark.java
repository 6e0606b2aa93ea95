package io.roost.bench.log;

import io.roost.core.log.PartitionInfo;
import io.roost.core.log.segment.SegmentLog;
import io.roost.core.log.segment.SegmentLogConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Durable append throughput of the real {@link SegmentLog} (4 partitions, default batching, no
 * linger): one operation is one append whose future completed, i.e. one record fsync'd, so the
 * score is records/s. Exactly {@code inFlight} appends are outstanding at any time: the single
 * producer takes a permit before each append and the completion gives it back.
 *
 * <p>At the end of each trial it prints, for the measurement iterations only: append latency
 * (completion minus submit) percentiles, MB/s from the record size on disk, and the disk flush rate
 * seen in {@code /proc/diskstats} (records per flush shows how well group commit batches).
 * Runs with one benchmark thread only.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class DurableAppendBenchmark {

    private static final int LATENCY_SAMPLES = 1 << 24;
    private static final long DRAIN_TIMEOUT_SECONDS = 60;

    @Param({"200", "4096"})
    public int bodyBytes;

    @Param({"1", "64", "1024"})
    public int inFlight;

    private Path directory;
    private SegmentLog log;
    private Workload workload;
    private Semaphore permits;
    private LatencyRecorder latencies;
    private final AtomicLong failures = new AtomicLong();
    private boolean measuring;
    private long iterationStartNanos;
    private long iterationStartFlushes;
    private long measuredNanos;
    private long measuredAppends;
    private long measuredFlushes;

    @Setup(Level.Trial)
    public void openLog(BenchmarkParams benchmark) throws IOException {
        if (benchmark.getThreads() != 1) {
            throw new IllegalArgumentException("one producer thread only: it owns the workload and the latency slots");
        }
        directory = BenchDirectory.createForTrial("durable-append-");
        log = SegmentLog.open(SegmentLogConfig.builder(directory)
                .partitions(4)
                .retentionCheckInterval(Duration.ZERO)
                .build());
        workload = new Workload(bodyBytes);
        permits = new Semaphore(inFlight);
        latencies = new LatencyRecorder(LATENCY_SAMPLES);
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        iterationStartFlushes = DiskFlushes.total();
        iterationStartNanos = System.nanoTime();
    }

    @Benchmark
    public void append() throws InterruptedException {
        permits.acquire();
        int slot = measuring ? latencies.claim() : -1;
        if (measuring) {
            measuredAppends++;
        }
        long submittedNanos = System.nanoTime();
        log.append(workload.next()).whenComplete((record, failure) -> {
            latencies.record(slot, System.nanoTime() - submittedNanos);
            if (failure != null) {
                failures.incrementAndGet();
            }
            permits.release();
        });
    }

    /** Waits for the appends still in flight, so each iteration starts and ends with none. */
    @TearDown(Level.Iteration)
    public void drain() throws InterruptedException {
        if (!permits.tryAcquire(inFlight, DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("appends did not complete within " + DRAIN_TIMEOUT_SECONDS + " s");
        }
        permits.release(inFlight);
        if (measuring) {
            measuredNanos += System.nanoTime() - iterationStartNanos;
            measuredFlushes += DiskFlushes.total() - iterationStartFlushes;
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " appends failed; the score is not valid");
        }
    }

    @TearDown(Level.Trial)
    public void closeLog() {
        long[] recordsPerPartition = new long[log.partitionCount()];
        long bytesOnDisk = 0;
        for (int p = 0; p < recordsPerPartition.length; p++) {
            PartitionInfo info = log.partitionInfo(p);
            recordsPerPartition[p] = info.nextOffset();
            bytesOnDisk += info.sizeBytes();
        }
        log.close();
        BenchDirectory.delete(directory);

        long records = Arrays.stream(recordsPerPartition).sum();
        int recordBytes = Workload.recordBytes(bodyBytes);
        if (records > 0 && bytesOnDisk != records * recordBytes) {
            System.out.printf("[durable] WARNING: %d bytes on disk for %d records, expected %d B each%n",
                    bytesOnDisk, records, recordBytes);
        }
        double seconds = measuredNanos / 1e9;
        double recordsPerSecond = measuredAppends / seconds;
        System.out.printf("[durable] body=%d B inFlight=%d record=%d B: %.0f records/s, %.1f MB/s;"
                        + " disk flushes %.0f/s (%.1f records per flush); records per partition %s%n",
                bodyBytes, inFlight, recordBytes, recordsPerSecond, recordsPerSecond * recordBytes / 1e6,
                measuredFlushes / seconds, measuredAppends / (double) Math.max(1, measuredFlushes),
                Arrays.toString(recordsPerPartition));
        System.out.printf("[durable] body=%d B inFlight=%d append latency: %s%n", bodyBytes, inFlight,
                latencies.summary());
    }
}
