package io.roost.core.log.segment;

import io.roost.core.io.AtomicFile;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.AppendedRecord;
import io.roost.core.log.LogReader;
import io.roost.core.log.OffsetOutOfRangeException;
import io.roost.core.log.PartitionInfo;
import io.roost.core.log.StartPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition: its segments by base offset, its appender and the entry points for readers and
 * retention. Thread-safe: the segment map is concurrent, only the appender adds segments, only
 * retention removes them, and readers never take a lock.
 */
final class PartitionLog {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final int partition;
    private final Path directory;
    private final SegmentLogConfig config;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private volatile Segment active;
    private final RecordWaiters recordWaiters = new RecordWaiters(this::nextOffset);
    private final PartitionAppender appender;

    PartitionLog(int partition, Path directory, SegmentLogConfig config, List<Segment> loaded) {
        this.partition = partition;
        this.directory = directory;
        this.config = config;
        for (Segment segment : loaded) {
            segments.put(segment.baseOffset(), segment);
        }
        this.active = segments.lastEntry().getValue();
        this.appender = new PartitionAppender(this, config);
        this.appender.start();
    }

    int partition() {
        return partition;
    }

    Segment active() {
        return active;
    }

    static int activeIndexCapacity(SegmentLogConfig config) {
        return (int) Math.min(1 << 20, config.segmentBytes() / config.indexIntervalBytes() + 2);
    }

    CompletableFuture<AppendedRecord> append(ByteBuffer encodedRecord) {
        return appender.submit(encodedRecord);
    }

    PartitionAppender appender() {
        return appender;
    }

    RecordWaiters recordWaiters() {
        return recordWaiters;
    }

    /** Completes once the record at {@code offset} is readable; see {@link io.roost.core.log.TelemetryLog}. */
    CompletableFuture<Void> whenRecordAvailable(long offset) {
        return recordWaiters.whenAvailable(offset);
    }

    /** Appender only: seals the active segment and starts the next at its next offset. */
    Segment roll(Segment current) throws IOException {
        current.seal();
        Segment next = Segment.create(directory, current.nextOffset(), activeIndexCapacity(config));
        AtomicFile.fsyncDirectory(directory);
        segments.put(next.baseOffset(), next);
        active = next;
        return next;
    }

    long earliestOffset() {
        return segments.firstEntry().getValue().baseOffset();
    }

    long nextOffset() {
        return active.nextOffset();
    }

    PartitionInfo info() {
        Segment last = active;
        long nextOffset = last.nextOffset();
        long lastTime = last.maxTimestamp();
        if (last.isEmpty()) {
            Map.Entry<Long, Segment> previous = segments.lowerEntry(last.baseOffset());
            lastTime = previous == null ? -1 : previous.getValue().maxTimestamp();
        }
        long size = 0;
        for (Segment segment : segments.values()) {
            size += segment.committedBytes();
        }
        // Retention deletes whole segments from the front, so the oldest record opens the first one.
        Segment first = segments.firstEntry().getValue();
        long firstTime = first.isEmpty() ? -1 : first.firstTimestamp();
        return new PartitionInfo(partition, Math.min(earliestOffset(), nextOffset), nextOffset, lastTime, size, firstTime);
    }

    /** The segment holding {@code offset}, or the first one after it when it falls in a gap; null past the end. */
    Segment segmentFor(long offset) {
        Map.Entry<Long, Segment> floor = segments.floorEntry(offset);
        if (floor != null && offset < floor.getValue().nextOffset()) {
            return floor.getValue();
        }
        Map.Entry<Long, Segment> higher = segments.higherEntry(offset);
        return higher == null ? null : higher.getValue();
    }

    Segment segmentAfter(Segment segment) {
        Map.Entry<Long, Segment> higher = segments.higherEntry(segment.baseOffset());
        return higher == null ? null : higher.getValue();
    }

    /** Segments oldest first, a snapshot. */
    List<Segment> segments() {
        return new ArrayList<>(segments.values());
    }

    /** Retention only: removes a sealed segment from view, then deletes its files. */
    void delete(Segment segment) throws IOException {
        if (segment == active) {
            throw new IllegalStateException("the active segment cannot be deleted");
        }
        segments.remove(segment.baseOffset(), segment);
        segment.delete();
    }

    LogReader openReader(StartPosition position) {
        long earliest = earliestOffset();
        long next = nextOffset();
        long start;
        if (position instanceof StartPosition.Earliest) {
            start = earliest;
        } else if (position instanceof StartPosition.Latest) {
            start = next;
        } else if (position instanceof StartPosition.AtOffset at) {
            start = at.firstOffset();
            if (start < earliest || start > next) {
                throw new OffsetOutOfRangeException(partition, at.offset(), earliest, next);
            }
        } else if (position instanceof StartPosition.AtEnqueuedTime at) {
            start = TimeSeek.firstOffsetAtOrAfter(this, at.enqueuedTimeMillis(), at.inclusive());
        } else {
            throw new RoostException(Status.BAD_REQUEST, "unknown start position " + position);
        }
        return new PartitionReader(this, start, RecordFormat.maxRecordBytes(config.maxMessageBytes()));
    }

    OffsetOutOfRangeException outOfRange(long requestedOffset) {
        return new OffsetOutOfRangeException(partition, requestedOffset, earliestOffset(), nextOffset());
    }

    int maxRecordBytes() {
        return RecordFormat.maxRecordBytes(config.maxMessageBytes());
    }

    /**
     * Stops the appender after it wrote everything queued, then closes the files.
     *
     * @return whether the active segment's index was written, so the next open may skip its scan
     */
    boolean close() {
        appender.close();
        recordWaiters.close();
        boolean clean = true;
        for (Segment segment : segments.values()) {
            try {
                if (segment == active) {
                    segment.closeCleanly();
                } else {
                    segment.closeChannels();
                }
            } catch (IOException e) {
                LOG.error("partition {}: closing segment {} failed", partition, segment, e);
                clean = false;
            }
        }
        return clean;
    }
}
