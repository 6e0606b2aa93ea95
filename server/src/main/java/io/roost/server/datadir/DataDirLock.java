package io.roost.server.datadir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Exclusive ownership of a data directory through an OS file lock on {@code roost.lock}, so two
 * servers never write the same log and store. The OS drops the lock when the process dies, even on
 * SIGKILL, so a stale file never blocks a restart. The file itself is left in place on release:
 * deleting it would let a racing server lock a file that is no longer the one others open.
 * The file holds the owner's pid, for the error message of the server that loses.
 *
 * <p>Not thread-safe: acquire and close from the server's lifecycle thread.
 */
public final class DataDirLock implements AutoCloseable {

    public static final String FILE_NAME = "roost.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dataDir}, creating it if missing, and records this process's pid.
     *
     * @throws DataDirInUseException when another server holds the lock; nothing in the directory
     *     has been changed then
     */
    public static DataDirLock acquire(Path dataDir, long pid) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            // No TRUNCATE_EXISTING: the loser must not wipe the winner's pid before it knows it lost.
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                OptionalLong owner = readPid(channel);
                channel.close();
                throw new DataDirInUseException(dataDir, owner);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock data dir " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // This very JVM holds it already: just as much "in use".
            return null;
        }
    }

    private static OptionalLong readPid(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing with the more useful error.
            }
        }
    }

    /** Releases the lock; the pid stays in the file until the next owner overwrites it. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
