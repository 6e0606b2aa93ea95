package io.roost.core.log.segment;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a partition forward from an offset. Keeps a cursor into the current segment so sequential
 * polls continue where the last one stopped; otherwise finds the place through the sparse index.
 * Not thread-safe.
 */
final class PartitionReader implements LogReader {

    private final PartitionLog partition;
    private final int maxRecordBytes;
    private long position;
    private SegmentCursor cursor;

    PartitionReader(PartitionLog partition, long position, int maxRecordBytes) {
        this.partition = partition;
        this.position = position;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public int partition() {
        return partition.partition();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public List<LogRecord> poll(int maxRecords) {
        return poll(maxRecords, Long.MAX_VALUE);
    }

    @Override
    public List<LogRecord> poll(int maxRecords, long maxBodyBytes) {
        if (position < partition.earliestOffset()) {
            cursor = null;
            throw partition.outOfRange(position);
        }
        List<LogRecord> records = new ArrayList<>(Math.min(maxRecords, 256));
        long bodyBytes = 0;
        try {
            while (records.size() < maxRecords && bodyBytes < maxBodyBytes && position < partition.nextOffset()) {
                if (cursor == null && !positionCursor()) {
                    break;
                }
                if (!cursor.advance()) {
                    Segment current = cursor.segment();
                    if (position < current.nextOffset()) {
                        break;
                    }
                    cursor = null;
                    continue;
                }
                long offset = cursor.offset();
                if (offset >= position) {
                    LogRecord record = cursor.record(partition.partition());
                    records.add(record);
                    bodyBytes += record.message().body().length;
                    position = offset + 1;
                }
            }
        } catch (ClosedChannelException e) {
            cursor = null;
            throw partition.outOfRange(position);
        } catch (IOException e) {
            cursor = null;
            throw new RoostException(Status.INTERNAL_ERROR, "reading partition " + partition.partition() + " failed", e);
        }
        return records;
    }

    /** Places the cursor at the segment holding {@code position}; false when there is nothing to read yet. */
    private boolean positionCursor() {
        if (position < partition.earliestOffset()) {
            throw partition.outOfRange(position);
        }
        Segment segment = partition.segmentFor(position);
        if (segment == null) {
            return false;
        }
        if (segment.baseOffset() > position) {
            position = segment.baseOffset();
        }
        cursor = new SegmentCursor(segment, segment.index().positionForOffset(position), maxRecordBytes);
        return true;
    }

    @Override
    public void close() {
        cursor = null;
    }
}
