package io.roost.core.log.segment;

import io.roost.core.io.AtomicFile;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.AppendedRecord;
import io.roost.core.log.ConsumerGroups;
import io.roost.core.log.LogReader;
import io.roost.core.log.PartitionHash;
import io.roost.core.log.PartitionInfo;
import io.roost.core.log.StartPosition;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.TelemetryMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded D2C log: one directory per partition holding segment files, group-committed by one
 * appender thread per partition. Layout under {@code directory}: {@code log.properties},
 * {@code partition-N/00000000000000000000.log|.index}, {@code consumer-groups/}, and
 * {@code .clean-shutdown} while closed cleanly. Byte layout: docs/storage-format.md. Thread-safe.
 */
public final class SegmentLog implements TelemetryLog {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
    static final String CLEAN_SHUTDOWN_MARKER = ".clean-shutdown";

    private final SegmentLogConfig config;
    private final PartitionLog[] partitions;
    private final FileConsumerGroups consumerGroups;
    private final RetentionEnforcer retention;
    private final ScheduledExecutorService retentionExecutor;
    private final int segmentsScannedAtOpen;
    private volatile boolean closed;

    private SegmentLog(SegmentLogConfig config, PartitionLog[] partitions, FileConsumerGroups consumerGroups,
            int segmentsScannedAtOpen) {
        this.config = config;
        this.segmentsScannedAtOpen = segmentsScannedAtOpen;
        this.partitions = partitions;
        this.consumerGroups = consumerGroups;
        this.retention = new RetentionEnforcer(config);
        this.retentionExecutor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "roost-log-retention");
            thread.setDaemon(true);
            return thread;
        });
        long intervalMillis = config.retentionCheckInterval().toMillis();
        if (intervalMillis > 0) {
            retentionExecutor.scheduleWithFixedDelay(this::enforceRetentionQuietly, intervalMillis, intervalMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens the log in {@code config.directory()}, creating it if needed. After an unclean stop the
     * tail of every partition is validated and cut at the first torn or corrupt record.
     */
    public static SegmentLog open(SegmentLogConfig config) throws IOException {
        Path directory = config.directory();
        Files.createDirectories(directory);
        boolean created = !Files.exists(directory.resolve(LogMetadata.FILE_NAME));
        LogMetadata metadata = LogMetadata.loadOrCreate(directory, config.partitions());
        Path marker = directory.resolve(CLEAN_SHUTDOWN_MARKER);
        boolean cleanShutdown = Files.exists(marker);
        long started = System.nanoTime();
        PartitionLoader loader = new PartitionLoader(config);
        PartitionLog[] partitions = new PartitionLog[metadata.partitions()];
        try {
            for (int p = 0; p < partitions.length; p++) {
                Path partitionDirectory = directory.resolve("partition-" + p);
                partitions[p] = new PartitionLog(p, partitionDirectory, config,
                        loader.load(partitionDirectory, p, cleanShutdown));
            }
            // The marker goes before any append so a crash from now on triggers recovery.
            Files.deleteIfExists(marker);
            AtomicFile.fsyncDirectory(directory);
            FileConsumerGroups groups = FileConsumerGroups.open(directory.resolve("consumer-groups"),
                    partitions.length);
            LOG.info("D2C log opened in {} ms: {} partitions, {}", (System.nanoTime() - started) / 1_000_000,
                    partitions.length, created ? "new log" : cleanShutdown ? "after a clean shutdown"
                            : "after an unclean stop (tails validated)");
            return new SegmentLog(config, partitions, groups, loader.scannedSegments());
        } catch (IOException | RuntimeException e) {
            for (PartitionLog partition : partitions) {
                if (partition != null) {
                    partition.close();
                }
            }
            throw e;
        }
    }

    @Override
    public int partitionCount() {
        return partitions.length;
    }

    @Override
    public CompletableFuture<AppendedRecord> append(TelemetryMessage message) {
        byte[] deviceIdUtf8 = message.deviceId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer encoded;
        try {
            encoded = RecordFormat.encode(message, deviceIdUtf8, config.maxMessageBytes());
        } catch (RoostException e) {
            return CompletableFuture.failedFuture(e);
        }
        return partitions[PartitionHash.partitionOfUtf8(deviceIdUtf8, partitions.length)].append(encoded);
    }

    @Override
    public boolean isWritable(int partition) {
        return partition(partition).appender().isWritable();
    }

    @Override
    public void whenWritable(int partition, Runnable callback) {
        partition(partition).appender().whenWritable(callback);
    }

    @Override
    public LogReader openReader(int partition, StartPosition position) {
        return partition(partition).openReader(position);
    }

    @Override
    public CompletableFuture<Void> whenRecordAvailable(int partition, long offset) {
        return partition(partition).whenRecordAvailable(offset);
    }

    @Override
    public PartitionInfo partitionInfo(int partition) {
        return partition(partition).info();
    }

    @Override
    public ConsumerGroups consumerGroups() {
        return consumerGroups;
    }

    /** How many segments the last open had to scan record by record (0 after a clean shutdown). */
    public int segmentsScannedAtOpen() {
        return segmentsScannedAtOpen;
    }

    /** Applies retention to every partition now; normally runs every {@code retentionCheckInterval}. */
    public void enforceRetention() throws IOException {
        for (PartitionLog partition : partitions) {
            retention.enforce(partition);
        }
    }

    private void enforceRetentionQuietly() {
        try {
            enforceRetention();
        } catch (IOException | RuntimeException e) {
            LOG.error("retention failed; it runs again in {}", config.retentionCheckInterval(), e);
        }
    }

    PartitionLog partitionLog(int partition) {
        return partition(partition);
    }

    private PartitionLog partition(int partition) {
        if (partition < 0 || partition >= partitions.length) {
            throw new RoostException(Status.BAD_REQUEST,
                    "partition " + partition + " does not exist; partitions are 0-" + (partitions.length - 1));
        }
        return partitions[partition];
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        retentionExecutor.shutdownNow();
        boolean clean = true;
        for (PartitionLog partition : partitions) {
            clean &= partition.close();
        }
        if (!clean) {
            LOG.warn("the D2C log did not close cleanly; the next start validates partition tails");
            return;
        }
        try {
            AtomicFile.write(config.directory().resolve(CLEAN_SHUTDOWN_MARKER), ByteBuffer.allocate(0));
            LOG.info("D2C log closed cleanly");
        } catch (IOException e) {
            LOG.warn("could not write the clean-shutdown marker; the next start validates partition tails", e);
        }
    }
}
