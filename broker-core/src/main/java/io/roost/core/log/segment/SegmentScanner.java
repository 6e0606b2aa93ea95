package io.roost.core.log.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads a segment file from the start and finds its valid prefix: records that are whole,
 * CRC-valid and numbered in sequence from the base offset. Rebuilds the sparse index on the way.
 * Not thread-safe; used while a partition is being opened.
 */
final class SegmentScanner {

    private static final int CHUNK_BYTES = 1 << 20;

    private final int maxRecordBytes;
    private final int indexIntervalBytes;
    private final int indexCapacity;
    private final CRC32C crc = new CRC32C();

    SegmentScanner(int maxRecordBytes, int indexIntervalBytes, int indexCapacity) {
        this.maxRecordBytes = maxRecordBytes;
        this.indexIntervalBytes = indexIntervalBytes;
        this.indexCapacity = indexCapacity;
    }

    SegmentState scan(FileChannel channel, long baseOffset) throws IOException {
        long fileSize = channel.size();
        SparseIndex index = new SparseIndex(indexCapacity);
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(CHUNK_BYTES, maxRecordBytes));
        long chunkStart = 0;
        long expectedOffset = baseOffset;
        long firstTimestamp = -1;
        long lastTimestamp = -1;
        long bytesSinceIndexEntry = indexIntervalBytes;
        buffer.limit(0);
        while (true) {
            int start = buffer.position();
            if (!RecordFormat.isValidAt(buffer, start, maxRecordBytes, crc)) {
                long consumed = chunkStart + start;
                if (consumed >= fileSize || !refill(channel, buffer, consumed, fileSize)) {
                    break;
                }
                chunkStart = consumed;
                if (RecordFormat.isValidAt(buffer, 0, maxRecordBytes, crc)) {
                    continue;
                }
                break;
            }
            long offset = RecordFormat.offsetAt(buffer, start);
            long timestamp = RecordFormat.enqueuedTimeAt(buffer, start);
            if (offset != expectedOffset || timestamp < lastTimestamp) {
                break;
            }
            int size = RecordFormat.totalSizeAt(buffer, start);
            if (bytesSinceIndexEntry >= indexIntervalBytes) {
                index.add(offset, (int) (chunkStart + start), timestamp);
                bytesSinceIndexEntry = 0;
            }
            bytesSinceIndexEntry += size;
            if (firstTimestamp < 0) {
                firstTimestamp = timestamp;
            }
            lastTimestamp = timestamp;
            expectedOffset++;
            buffer.position(start + size);
        }
        long validBytes = chunkStart + buffer.position();
        return new SegmentState(baseOffset, validBytes, expectedOffset, firstTimestamp, lastTimestamp, index);
    }

    /** Loads the file from {@code filePosition} into the buffer; false when nothing more could be read. */
    private static boolean refill(FileChannel channel, ByteBuffer buffer, long filePosition, long fileSize)
            throws IOException {
        buffer.clear();
        long remaining = fileSize - filePosition;
        if (remaining < buffer.capacity()) {
            buffer.limit((int) remaining);
        }
        long position = filePosition;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                break;
            }
            position += read;
        }
        buffer.flip();
        return buffer.hasRemaining();
    }
}
