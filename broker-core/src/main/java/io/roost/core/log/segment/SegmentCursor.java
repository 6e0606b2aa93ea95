package io.roost.core.log.segment;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.LogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Walks the committed records of one segment forward from a file position, reading it in chunks
 * with positional reads. Not thread-safe; one per reader.
 */
final class SegmentCursor {

    private static final int CHUNK_BYTES = 64 * 1024;

    private final Segment segment;
    private final int maxRecordBytes;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer;
    /** File position of buffer[0]. */
    private long bufferFilePosition;
    private int recordStart = -1;
    private int nextStart;

    SegmentCursor(Segment segment, long filePosition, int maxRecordBytes) {
        this.segment = segment;
        this.maxRecordBytes = maxRecordBytes;
        this.buffer = ByteBuffer.allocate(CHUNK_BYTES);
        this.buffer.limit(0);
        this.bufferFilePosition = filePosition;
    }

    Segment segment() {
        return segment;
    }

    /**
     * Moves to the next committed record.
     *
     * @return false at the committed end of the segment
     * @throws IOException {@link java.nio.channels.ClosedChannelException} when the segment was deleted
     */
    boolean advance() throws IOException {
        int start = nextStart;
        if (!wholeRecordAt(start)) {
            if (!refill(start)) {
                return false;
            }
            start = 0;
        }
        if (!RecordFormat.isValidAt(buffer, start, maxRecordBytes, crc)) {
            throw new RoostException(Status.INTERNAL_ERROR, "corrupt record in " + segment + " at byte "
                    + (bufferFilePosition + start));
        }
        recordStart = start;
        nextStart = start + RecordFormat.totalSizeAt(buffer, start);
        return true;
    }

    long offset() {
        return RecordFormat.offsetAt(buffer, recordStart);
    }

    long enqueuedTimeMillis() {
        return RecordFormat.enqueuedTimeAt(buffer, recordStart);
    }

    LogRecord record(int partition) {
        return RecordFormat.decode(buffer, recordStart, partition);
    }

    private boolean wholeRecordAt(int start) {
        int available = buffer.limit() - start;
        return available >= RecordFormat.FIXED_HEADER_BYTES
                && available >= RecordFormat.totalSizeAt(buffer, start);
    }

    /** Reads the file from the record at {@code start} on; false when no whole record is committed there. */
    private boolean refill(int start) throws IOException {
        bufferFilePosition += start;
        nextStart = 0;
        recordStart = -1;
        if (!readChunk()) {
            return false;
        }
        if (buffer.limit() >= RecordFormat.SIZE_FIELD_BYTES) {
            int needed = RecordFormat.totalSizeAt(buffer, 0);
            if (needed > buffer.capacity() && needed <= maxRecordBytes + RecordFormat.SIZE_FIELD_BYTES) {
                buffer = ByteBuffer.allocate(needed);
                readChunk();
            }
        }
        return wholeRecordAt(0);
    }

    private boolean readChunk() throws IOException {
        buffer.clear();
        int read = segment.read(buffer, bufferFilePosition);
        buffer.flip();
        return read > 0;
    }
}
