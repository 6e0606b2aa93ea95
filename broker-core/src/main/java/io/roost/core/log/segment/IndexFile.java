package io.roost.core.log.segment;

import io.roost.core.io.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The {@code .index} file beside a segment: the segment's summary and its sparse index, written
 * when the segment is sealed and at clean shutdown. It is a cache: when missing, damaged or not
 * matching the log file's length, the segment is scanned instead. Layout (big-endian):
 *
 * <pre>
 * int32 magic 'RIDX', int32 version 1,
 * int64 baseOffset, int64 nextOffset, int64 validBytes, int64 firstTimestamp, int64 maxTimestamp,
 * int32 entryCount, entryCount x (int64 offset, int32 position, int64 timestamp),
 * int32 CRC-32C of all bytes before it
 * </pre>
 */
final class IndexFile {

    private static final int MAGIC = 0x52494458;
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 4 + 4 + 5 * 8 + 4;
    private static final int ENTRY_BYTES = 8 + 4 + 8;

    private IndexFile() {
    }

    static void write(Path path, SegmentState state) throws IOException {
        SparseIndex index = state.index();
        int entries = index.size();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + entries * ENTRY_BYTES + 4);
        buffer.putInt(MAGIC).putInt(VERSION)
                .putLong(state.baseOffset()).putLong(state.nextOffset()).putLong(state.validBytes())
                .putLong(state.firstTimestamp()).putLong(state.maxTimestamp())
                .putInt(entries);
        for (int i = 0; i < entries; i++) {
            buffer.putLong(index.offsetAt(i)).putInt(index.positionAt(i)).putLong(index.timestampAt(i));
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        AtomicFile.write(path, buffer);
    }

    /**
     * Reads an index file, or returns null when it is missing, damaged, or describes a log of
     * another length or base offset (the caller then scans the segment).
     */
    static SegmentState read(Path path, long expectedBaseOffset, long logFileBytes) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length < HEADER_BYTES + 4) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if (buffer.getInt(bytes.length - 4) != (int) crc.getValue()
                || buffer.getInt() != MAGIC || buffer.getInt() != VERSION) {
            return null;
        }
        long baseOffset = buffer.getLong();
        long nextOffset = buffer.getLong();
        long validBytes = buffer.getLong();
        long firstTimestamp = buffer.getLong();
        long maxTimestamp = buffer.getLong();
        int entries = buffer.getInt();
        if (baseOffset != expectedBaseOffset || validBytes != logFileBytes || nextOffset < baseOffset
                || entries < 0 || bytes.length != HEADER_BYTES + entries * ENTRY_BYTES + 4) {
            return null;
        }
        long[] offsets = new long[entries];
        int[] positions = new int[entries];
        long[] timestamps = new long[entries];
        for (int i = 0; i < entries; i++) {
            offsets[i] = buffer.getLong();
            positions[i] = buffer.getInt();
            timestamps[i] = buffer.getLong();
        }
        return new SegmentState(baseOffset, validBytes, nextOffset, firstTimestamp, maxTimestamp,
                SparseIndex.of(offsets, positions, timestamps));
    }
}
