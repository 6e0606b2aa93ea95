package io.roost.core.log;

import java.util.List;

/**
 * Reads one partition forward from a start position. Not thread-safe: one reader per consuming
 * thread. Reads never block appends and see only durable records.
 */
public interface LogReader extends AutoCloseable {

    int partition();

    /** The offset the next {@link #poll} will return first. */
    long position();

    /**
     * Returns up to {@code maxRecords} records from the current position (fewer, or none, when the
     * reader has caught up) and advances past them. Never waits.
     *
     * @throws io.roost.core.error.RoostException {@code OUT_OF_RANGE} when retention deleted the
     *     records at the position before they were read
     */
    List<LogRecord> poll(int maxRecords);

    /**
     * Like {@link #poll(int)}, and also stops once the records' bodies add up to {@code maxBodyBytes}
     * or more: a reader asking for many records at once bounds what it holds whatever their size.
     * Returns at least one record when one is readable, however large.
     */
    List<LogRecord> poll(int maxRecords, long maxBodyBytes);

    @Override
    void close();
}
