package io.roost.store.operations;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsFilter;
import io.roost.core.operations.OperationsHistory;
import io.roost.core.operations.OperationsLog;
import io.roost.core.operations.OperationsPage;
import io.roost.core.operations.StoredOperation;
import io.roost.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable operations log: {@code {data-dir}/operations.db}, a SQLite file of its own (so its
 * writes never wait for the registry's or the C2D queues'), with one row per event.
 *
 * <p>Why SQLite and not the D2C segment log: readers filter by device, category and time, which an
 * indexed table answers directly where a segment log would be scanned whole; the event rate is far
 * below D2C's, so a row per event costs nothing that matters. Retention is the D2C log's.
 *
 * <p>{@link #record} never blocks: it offers the event to a bounded queue and returns; when the
 * queue is full the event is dropped and counted ({@link #droppedCount()}). One writer thread
 * drains the queue and writes up to {@code batchMaxEvents} events per transaction; the database
 * runs with {@code synchronous=FULL}, so each batch is fsynced once (group commit). A crash loses
 * the events still queued (at most the queue, normally the last few milliseconds), never a
 * committed one. Reads run on one reader thread with its own connection (WAL lets it read while
 * the writer writes) and see only committed events.
 *
 * <p>Thread-safe. {@link #close()} writes what is queued, then stops both threads.
 */
public final class SqliteOperationsLog implements OperationsLog, OperationsHistory, AutoCloseable {

    public static final String FILE_NAME = "operations.db";
    private static final Logger LOG = LoggerFactory.getLogger(SqliteOperationsLog.class);
    private static final int READ_QUEUE_CAPACITY = 256;
    private static final long POLL_MILLIS = 200;

    private final OperationsLogSettings settings;
    private final Connection writeConnection;
    private final Connection readConnection;
    private final BlockingQueue<OperationEvent> queue;
    private final ThreadPoolExecutor reader;
    private final Thread writer;
    private final SequenceWaiters waiters = new SequenceWaiters();
    private final AtomicLong dropped = new AtomicLong();
    private volatile long durableSequence;
    private volatile boolean running = true;
    private long nextRetentionMillis;

    private SqliteOperationsLog(Path file, OperationsLogSettings settings) {
        this.settings = settings;
        this.writeConnection = SqliteDatabase.open(file, OperationsSchema.NAME, OperationsSchema.VERSION_TABLE,
                OperationsSchema.MIGRATIONS);
        Connection reads = null;
        try {
            reads = SqliteDatabase.openAnother(file, OperationsSchema.NAME);
            writeConnection.setAutoCommit(false);
            this.durableSequence = OperationsSql.maxSequence(writeConnection);
            writeConnection.commit();
        } catch (SQLException | RuntimeException e) {
            if (reads != null) {
                closeQuietly(reads);
            }
            closeQuietly(writeConnection);
            throw new RoostException(Status.UNAVAILABLE, "cannot open the operations log " + file, e);
        }
        this.readConnection = reads;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.reader = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(READ_QUEUE_CAPACITY),
                runnable -> daemon(runnable, "roost-operations-reader"));
        this.writer = daemon(this::writeLoop, "roost-operations-writer");
    }

    /**
     * Opens (creating if needed) {@code {dataDir}/operations.db} and starts its writer.
     *
     * @throws RoostException UNAVAILABLE when the file cannot be opened or migrated
     */
    public static SqliteOperationsLog open(Path dataDir, OperationsLogSettings settings) {
        SqliteOperationsLog log = new SqliteOperationsLog(dataDir.resolve(FILE_NAME), settings);
        log.writer.start();
        return log;
    }

    @Override
    public void record(OperationEvent event) {
        if (!running || !queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Events refused because the queue was full (or the log closed), or lost to a failed write. */
    public long droppedCount() {
        return dropped.get();
    }

    /** The sequence of the newest committed event; 0 when there has been none. */
    public long durableSequence() {
        return durableSequence;
    }

    @Override
    public CompletableFuture<OperationsPage> newest(OperationsFilter filter, int limit) {
        return onReader(() -> {
            long upTo = durableSequence;
            return new OperationsPage(OperationsSql.newest(readConnection, filter, upTo, limit), upTo);
        });
    }

    @Override
    public CompletableFuture<OperationsPage> after(long sequence, OperationsFilter filter, int limit) {
        return onReader(() -> {
            long upTo = durableSequence;
            List<StoredOperation> found = OperationsSql.after(readConnection, filter, sequence, upTo, limit);
            // A full page may stop short of upTo: resume after its last event, not after upTo.
            long cursor = found.size() < limit ? Math.max(upTo, sequence) : found.get(found.size() - 1).sequence();
            return new OperationsPage(found, cursor);
        });
    }

    @Override
    public CompletableFuture<Void> whenNewerThan(long sequence) {
        return waiters.await(sequence, () -> durableSequence);
    }

    @FunctionalInterface
    private interface Read<T> {
        T run() throws SQLException;
    }

    private <T> CompletableFuture<T> onReader(Read<T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            reader.execute(() -> {
                try {
                    result.complete(read.run());
                } catch (SQLException | RuntimeException e) {
                    result.completeExceptionally(new RoostException(Status.INTERNAL_ERROR,
                            "reading the operations log failed", e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RoostException(Status.UNAVAILABLE,
                    reader.isShutdown() ? "the operations log is closed" : "too many reads in flight; retry later"));
        }
        return result;
    }

    private void writeLoop() {
        List<OperationEvent> batch = new ArrayList<>(settings.batchMaxEvents());
        nextRetentionMillis = settings.clock().millis();
        while (running || !queue.isEmpty()) {
            try {
                OperationEvent first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, settings.batchMaxEvents() - 1);
                    write(batch);
                    batch.clear();
                }
                enforceRetentionIfDue();
            } catch (InterruptedException e) {
                // close() interrupts only after running is false: drain what is left, then stop.
                Thread.currentThread().interrupt();
                batch.clear();
                queue.drainTo(batch);
                write(batch);
                return;
            }
        }
    }

    private void write(List<OperationEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<StoredOperation> stored = new ArrayList<>(events.size());
        long sequence = durableSequence;
        for (OperationEvent event : events) {
            stored.add(new StoredOperation(++sequence, event));
        }
        try {
            OperationsSql.insert(writeConnection, stored);
            writeConnection.commit();
            durableSequence = sequence;
            waiters.published(sequence);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            dropped.addAndGet(events.size());
            LOG.warn("{} operations events lost: the operations log could not write them", events.size(), e);
        }
    }

    private void enforceRetentionIfDue() {
        long now = settings.clock().millis();
        if (now < nextRetentionMillis) {
            return;
        }
        nextRetentionMillis = now + settings.retentionCheckInterval().toMillis();
        try {
            int deleted = OperationsSql.deleteOlderThan(writeConnection, now - settings.retention().toMillis());
            writeConnection.commit();
            if (deleted > 0) {
                LOG.debug("operations log retention deleted {} events", deleted);
            }
        } catch (SQLException e) {
            rollbackQuietly();
            LOG.warn("operations log retention failed; it runs again in {}", settings.retentionCheckInterval(), e);
        }
    }

    private void rollbackQuietly() {
        try {
            writeConnection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiters.close();
        reader.shutdown();
        try {
            reader.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(readConnection);
        closeQuietly(writeConnection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the operations log failed", e);
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
