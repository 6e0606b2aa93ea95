package io.roost.core.log.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file of a partition, named by its base offset, and its in-memory index.
 *
 * <p>Written only by the partition's appender thread; read concurrently by any number of readers
 * through positional reads of a separate read channel. What readers may see is published through
 * the volatile committed fields, which move only after the bytes were forced to disk.
 */
final class Segment {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String DELETED_SUFFIX = ".deleted";

    private final long baseOffset;
    private final Path logPath;
    private final Path indexPath;
    private final FileChannel writeChannel;
    private volatile FileChannel readChannel;
    private volatile SparseIndex index;
    private volatile long committedBytes;
    private volatile long nextOffset;
    private volatile long firstTimestamp;
    private volatile long maxTimestamp;
    private volatile boolean deleted;

    private Segment(Path logPath, FileChannel writeChannel, SegmentState state) throws IOException {
        this.baseOffset = state.baseOffset();
        this.logPath = logPath;
        this.indexPath = indexPathOf(logPath);
        this.writeChannel = writeChannel;
        this.readChannel = FileChannel.open(logPath, StandardOpenOption.READ);
        this.index = state.index();
        this.committedBytes = state.validBytes();
        this.nextOffset = state.nextOffset();
        this.firstTimestamp = state.firstTimestamp();
        this.maxTimestamp = state.maxTimestamp();
    }

    static String fileName(long baseOffset) {
        return String.format("%020d%s", baseOffset, LOG_SUFFIX);
    }

    static Path indexPathOf(Path logPath) {
        String name = logPath.getFileName().toString();
        return logPath.resolveSibling(name.substring(0, name.length() - LOG_SUFFIX.length()) + INDEX_SUFFIX);
    }

    /** Creates an empty segment file; the caller fsyncs the directory. */
    static Segment create(Path directory, long baseOffset, int indexCapacity) throws IOException {
        Path path = directory.resolve(fileName(baseOffset));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(path, channel, new SegmentState(baseOffset, 0, baseOffset, -1, -1,
                new SparseIndex(indexCapacity)));
    }

    /** Opens an existing segment whose valid content is {@code state}, cutting the file to it. */
    static Segment open(Path logPath, FileChannel channel, SegmentState state) throws IOException {
        if (channel.size() > state.validBytes()) {
            channel.truncate(state.validBytes());
            channel.force(true);
        }
        channel.position(state.validBytes());
        return new Segment(logPath, channel, state);
    }

    long baseOffset() {
        return baseOffset;
    }

    Path logPath() {
        return logPath;
    }

    /** Bytes readers may read: the durable prefix. */
    long committedBytes() {
        return committedBytes;
    }

    /** One past the last durable record. */
    long nextOffset() {
        return nextOffset;
    }

    long firstTimestamp() {
        return firstTimestamp;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    boolean isEmpty() {
        return nextOffset == baseOffset;
    }

    SparseIndex index() {
        return index;
    }

    /** Appender only: writes bytes at the end of the file (not yet durable). */
    void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            writeChannel.write(bytes);
        }
    }

    /** Appender only: forces written bytes to disk. */
    void force() throws IOException {
        writeChannel.force(false);
    }

    /**
     * Appender only: publishes forced bytes to readers, with the index entries of the batch.
     *
     * @param batchFirstTimestamp time of the batch's first record, kept if the segment was empty
     */
    void publish(long newCommittedBytes, long newNextOffset, long batchFirstTimestamp, long newMaxTimestamp,
            IndexEntries batchEntries) {
        SparseIndex current = index;
        for (int i = 0; i < batchEntries.size(); i++) {
            current.add(batchEntries.offsetAt(i), batchEntries.positionAt(i), batchEntries.timestampAt(i));
        }
        if (firstTimestamp < 0) {
            firstTimestamp = batchFirstTimestamp;
        }
        maxTimestamp = newMaxTimestamp;
        committedBytes = newCommittedBytes;
        nextOffset = newNextOffset;
    }

    /** Appender only: cuts unacknowledged bytes after a failed write, back to the committed prefix. */
    void rollBackUncommitted() throws IOException {
        writeChannel.truncate(committedBytes);
        writeChannel.position(committedBytes);
    }

    /** The current state, for the index file. */
    SegmentState state() {
        return new SegmentState(baseOffset, committedBytes, nextOffset, firstTimestamp, maxTimestamp, index);
    }

    /** Appender only: the segment takes no more appends; writes its index file and compacts the index. */
    void seal() throws IOException {
        writeChannel.force(true);
        index = index.trimmed();
        IndexFile.write(indexPath, state());
    }

    /** Writes the index file of the active segment at clean shutdown and closes the file. */
    void closeCleanly() throws IOException {
        writeChannel.force(true);
        IndexFile.write(indexPath, state());
        closeChannels();
    }

    /**
     * Reads from {@code position} into {@code destination}, never past the committed end.
     *
     * @return bytes read, 0 at the committed end
     * @throws ClosedChannelException when the segment was deleted meanwhile
     */
    int read(ByteBuffer destination, long position) throws IOException {
        long available = committedBytes - position;
        if (available <= 0) {
            return 0;
        }
        if (destination.remaining() > available) {
            destination.limit(destination.position() + (int) available);
        }
        int total = 0;
        while (destination.hasRemaining()) {
            int read = readWithReopen(destination, position + total);
            if (read <= 0) {
                break;
            }
            total += read;
        }
        return total;
    }

    /** An interrupted reader closes a FileChannel for everyone; reopen it unless the segment is gone. */
    private int readWithReopen(ByteBuffer destination, long position) throws IOException {
        try {
            return readChannel.read(destination, position);
        } catch (ClosedChannelException e) {
            if (deleted || e instanceof ClosedByInterruptException) {
                throw e;
            }
            synchronized (this) {
                if (!readChannel.isOpen() && !deleted) {
                    readChannel = FileChannel.open(logPath, StandardOpenOption.READ);
                }
            }
            return readChannel.read(destination, position);
        }
    }

    boolean isDeleted() {
        return deleted;
    }

    /** Marks the segment deleted (readers then fail cleanly), closes it and removes its files. */
    void delete() throws IOException {
        deleted = true;
        closeChannels();
        Path renamed = logPath.resolveSibling(logPath.getFileName() + DELETED_SUFFIX);
        Files.move(logPath, renamed);
        Files.deleteIfExists(indexPath);
        Files.deleteIfExists(renamed);
    }

    void closeChannels() throws IOException {
        try {
            writeChannel.close();
        } finally {
            readChannel.close();
        }
    }

    @Override
    public String toString() {
        return logPath.getFileName().toString();
    }
}
