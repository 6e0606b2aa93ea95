package io.roost.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roost.core.log.AppendedRecord;
import io.roost.core.log.ConsumerGroups;
import io.roost.core.log.LogReader;
import io.roost.core.log.PartitionInfo;
import io.roost.core.log.StartPosition;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.TelemetryMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The D2C log with its meters (docs/monitoring.md): per partition, the append latency from the
 * call to the record being durable ({@value #APPEND_LATENCY}), the bytes on disk
 * ({@value #SIZE}) and the age of the oldest record retained ({@value #OLDEST_AGE}). The gauges read
 * {@link TelemetryLog#partitionInfo}, which the log answers from memory, so a scrape never touches
 * a file. Every other call goes straight to the log. Thread-safe, as the log is.
 */
public final class MeteredTelemetryLog implements TelemetryLog {

    static final String APPEND_LATENCY = "roost.d2c.append.latency";
    static final String SIZE = "roost.d2c.log.size";
    static final String OLDEST_AGE = "roost.d2c.log.oldest.record.age";

    /** A group commit takes one fsync at least; buckets below this would stay empty. */
    private static final Duration FASTEST_EXPECTED_APPEND = Duration.ofNanos(100_000);
    private static final Duration SLOWEST_EXPECTED_APPEND = Duration.ofSeconds(10);

    private final TelemetryLog log;
    private final Clock clock;
    private final Timer[] appendLatency;

    public MeteredTelemetryLog(TelemetryLog log, MeterRegistry registry, Clock clock) {
        this.log = log;
        this.clock = clock;
        this.appendLatency = new Timer[log.partitionCount()];
        for (int partition = 0; partition < appendLatency.length; partition++) {
            String label = Integer.toString(partition);
            int p = partition;
            appendLatency[partition] = Timer.builder(APPEND_LATENCY)
                    .description("From a D2C append call to the record being durable (fsync'd) in the log")
                    .tag("partition", label)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(FASTEST_EXPECTED_APPEND)
                    .maximumExpectedValue(SLOWEST_EXPECTED_APPEND)
                    .register(registry);
            Gauge.builder(SIZE, this, metered -> metered.log.partitionInfo(p).sizeBytes())
                    .description("Bytes on disk of the partition's segments")
                    .baseUnit("bytes").tag("partition", label).strongReference(true).register(registry);
            Gauge.builder(OLDEST_AGE, this, metered -> metered.oldestAgeSeconds(p))
                    .description("Age of the oldest record the partition retains; 0 when it is empty")
                    .baseUnit("seconds").tag("partition", label).strongReference(true).register(registry);
        }
    }

    private double oldestAgeSeconds(int partition) {
        PartitionInfo info = log.partitionInfo(partition);
        if (info.isEmpty() || info.firstEnqueuedTimeMillis() < 0) {
            return 0;
        }
        return Math.max(0, clock.millis() - info.firstEnqueuedTimeMillis()) / 1000.0;
    }

    /** Times the append on the completing thread (the partition's appender); a failed append is not timed. */
    @Override
    public CompletableFuture<AppendedRecord> append(TelemetryMessage message) {
        long startNanos = System.nanoTime();
        CompletableFuture<AppendedRecord> appended = log.append(message);
        appended.whenComplete((record, failure) -> {
            if (record != null) {
                appendLatency[record.partition()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            }
        });
        return appended;
    }

    @Override
    public int partitionCount() {
        return log.partitionCount();
    }

    @Override
    public int partitionFor(String deviceId) {
        return log.partitionFor(deviceId);
    }

    @Override
    public boolean isWritable(int partition) {
        return log.isWritable(partition);
    }

    @Override
    public void whenWritable(int partition, Runnable callback) {
        log.whenWritable(partition, callback);
    }

    @Override
    public LogReader openReader(int partition, StartPosition position) {
        return log.openReader(partition, position);
    }

    @Override
    public CompletableFuture<Void> whenRecordAvailable(int partition, long offset) {
        return log.whenRecordAvailable(partition, offset);
    }

    @Override
    public PartitionInfo partitionInfo(int partition) {
        return log.partitionInfo(partition);
    }

    @Override
    public ConsumerGroups consumerGroups() {
        return log.consumerGroups();
    }

    @Override
    public void close() {
        log.close();
    }
}
