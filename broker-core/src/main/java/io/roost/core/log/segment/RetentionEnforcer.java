package io.roost.core.log.segment;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes whole segments whose newest record is older than the retention, then the oldest segments
 * while a partition is over its size cap. A quiet partition's active segment is first rolled (on its
 * appender) so it can age out too. Runs on its own thread; appends are never blocked by it.
 */
final class RetentionEnforcer {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionEnforcer.class);

    private final SegmentLogConfig config;

    RetentionEnforcer(SegmentLogConfig config) {
        this.config = config;
    }

    void enforce(PartitionLog partition) throws IOException {
        long cutoff = config.clock().millis() - config.retention().toMillis();
        rollQuietActiveSegment(partition, cutoff);
        List<Segment> segments = partition.segments();
        long totalBytes = segments.stream().mapToLong(Segment::committedBytes).sum();
        for (Segment segment : segments) {
            if (segment == partition.active()) {
                break;
            }
            boolean expired = segment.isEmpty() || segment.maxTimestamp() < cutoff;
            boolean overCap = totalBytes > config.retentionBytesPerPartition();
            if (!expired && !overCap) {
                break;
            }
            partition.delete(segment);
            totalBytes -= segment.committedBytes();
            LOG.info("partition {}: deleted segment {} (offsets {}-{}, newest record {}): {}",
                    partition.partition(), segment, segment.baseOffset(), segment.nextOffset() - 1,
                    Instant.ofEpochMilli(segment.maxTimestamp()),
                    expired ? "past retention of " + config.retention() : "partition over its size cap");
        }
    }

    private static void rollQuietActiveSegment(PartitionLog partition, long cutoff) throws IOException {
        Segment active = partition.active();
        if (active.isEmpty() || active.maxTimestamp() >= cutoff) {
            return;
        }
        try {
            partition.appender().runOnAppender(() -> partition.appender().rollIfNewestBefore(cutoff))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IOException("rolling the active segment of partition " + partition.partition() + " failed",
                    e.getCause());
        } catch (TimeoutException e) {
            LOG.warn("partition {}: the appender did not roll its quiet segment within 30 s; retention retries later",
                    partition.partition());
        }
    }
}
