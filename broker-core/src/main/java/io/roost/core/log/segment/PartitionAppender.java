package io.roost.core.log.segment;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.AppendedRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one partition (group commit): takes encoded records from a bounded queue,
 * writes as many as are waiting (up to {@code batchMaxBytes}) with one write, forces the file once,
 * publishes the batch to readers, wakes the readers waiting for it ({@link RecordWaiters}) and only
 * then completes the producers' futures.
 *
 * <p>All fields except the queues, the counters and the flags are confined to the appender thread.
 */
final class PartitionAppender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionAppender.class);
    private static final long IDLE_POLL_MILLIS = 200;

    private final PartitionLog partition;
    private final SegmentLogConfig config;
    private final Clock clock;
    private final ArrayBlockingQueue<PendingAppend> queue;
    private final AtomicInteger queued = new AtomicInteger();
    private final int highWaterMark;
    private final int lowWaterMark;
    private final ConcurrentLinkedQueue<Runnable> writableCallbacks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> controlTasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer writeBuffer;
    private final CRC32C crc = new CRC32C();
    private final IndexEntries batchIndexEntries = new IndexEntries();
    private final List<PendingAppend> batch = new ArrayList<>();
    private final Thread thread;
    private long bytesSinceIndexEntry;
    private long lastTimestamp;
    private volatile boolean closing;
    private volatile boolean terminated;
    private volatile boolean failed;

    PartitionAppender(PartitionLog partition, SegmentLogConfig config) {
        this.partition = partition;
        this.config = config;
        this.clock = config.clock();
        this.queue = new ArrayBlockingQueue<>(config.appendQueueCapacity() + 1);
        this.highWaterMark = Math.max(1, config.appendQueueCapacity() - config.appendQueueCapacity() / 4);
        this.lowWaterMark = config.appendQueueCapacity() / 4;
        this.writeBuffer = ByteBuffer.allocateDirect(
                Math.max(config.batchMaxBytes(), RecordFormat.maxRecordBytes(config.maxMessageBytes())));
        this.bytesSinceIndexEntry = config.indexIntervalBytes();
        this.lastTimestamp = partition.active().maxTimestamp();
        this.thread = new Thread(this, "roost-log-appender-" + partition.partition());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues an encoded record; the future completes once it is durable. */
    CompletableFuture<AppendedRecord> submit(ByteBuffer record) {
        if (closing) {
            return CompletableFuture.failedFuture(new RoostException(Status.UNAVAILABLE, "the log is closed"));
        }
        if (failed) {
            return CompletableFuture.failedFuture(new RoostException(Status.UNAVAILABLE,
                    "partition " + partition.partition() + " is unavailable after a disk error"));
        }
        if (queued.get() >= config.appendQueueCapacity()) {
            return queueFull();
        }
        PendingAppend pending = new PendingAppend(record);
        queued.incrementAndGet();
        if (!queue.offer(pending)) {
            queued.decrementAndGet();
            return queueFull();
        }
        if (terminated) {
            failLeftovers();
        }
        return pending.future;
    }

    private CompletableFuture<AppendedRecord> queueFull() {
        return CompletableFuture.failedFuture(new RoostException(Status.UNAVAILABLE,
                "the append queue of partition " + partition.partition() + " is full"));
    }

    boolean isWritable() {
        return queued.get() < highWaterMark;
    }

    void whenWritable(Runnable callback) {
        if (queued.get() <= lowWaterMark) {
            callback.run();
            return;
        }
        writableCallbacks.add(callback);
        if (queued.get() <= lowWaterMark) {
            runWritableCallbacks();
        }
    }

    int queuedAppends() {
        return queued.get();
    }

    /** Runs a task on the appender thread between batches; the future completes after it ran. */
    CompletableFuture<Void> runOnAppender(ThrowingTask task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        controlTasks.add(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        queue.offer(PendingAppend.WAKE_UP);
        if (terminated) {
            done.completeExceptionally(new RoostException(Status.UNAVAILABLE, "the log is closed"));
        }
        return done;
    }

    /** Stops taking appends, writes everything queued, and waits for the thread to end. */
    void close() {
        closing = true;
        queue.offer(PendingAppend.WAKE_UP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        terminated = true;
        failLeftovers();
    }

    @Override
    public void run() {
        try {
            while (true) {
                runControlTasks();
                PendingAppend first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null || first == PendingAppend.WAKE_UP) {
                    if (closing && queue.isEmpty()) {
                        runControlTasks();
                        return;
                    }
                    continue;
                }
                collectBatch(first);
                writeBatch();
                runWritableCallbacks();
            }
        } catch (InterruptedException e) {
            failed = true;
            LOG.warn("appender of partition {} interrupted; queued appends fail", partition.partition());
            failBatch(e);
        } catch (RuntimeException | Error e) {
            failed = true;
            LOG.error("appender of partition {} stopped", partition.partition(), e);
            failBatch(e);
        }
    }

    private void collectBatch(PendingAppend first) throws InterruptedException {
        batch.clear();
        batch.add(first);
        long bytes = first.size();
        long lingerNanos = config.maxLinger().toNanos();
        long deadline = System.nanoTime() + lingerNanos;
        while (bytes < config.batchMaxBytes()) {
            PendingAppend next = queue.poll();
            if (next == null && lingerNanos > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining > 0) {
                    next = queue.poll(remaining, TimeUnit.NANOSECONDS);
                }
            }
            if (next == null) {
                break;
            }
            if (next != PendingAppend.WAKE_UP) {
                batch.add(next);
                bytes += next.size();
            }
        }
        queued.addAndGet(-batch.size());
    }

    private void writeBatch() {
        if (failed) {
            RoostException unavailable = new RoostException(Status.UNAVAILABLE,
                    "partition " + partition.partition() + " is unavailable after a disk error");
            batch.forEach(pending -> pending.future.completeExceptionally(unavailable));
            return;
        }
        long timestamp = Math.max(clock.millis(), lastTimestamp);
        int firstUnpublished = 0;
        try {
            Segment segment = partition.active();
            if (isDueForTimeRoll(segment, timestamp)) {
                segment = roll(segment);
            }
            long position = segment.committedBytes();
            long nextOffset = segment.nextOffset();
            for (int i = 0; i < batch.size(); i++) {
                PendingAppend pending = batch.get(i);
                int size = pending.size();
                if (position > 0 && position + size > config.segmentBytes()) {
                    publish(segment, position, nextOffset, timestamp, firstUnpublished, i);
                    firstUnpublished = i;
                    segment = roll(segment);
                    position = 0;
                    nextOffset = segment.nextOffset();
                }
                RecordFormat.seal(pending.record, nextOffset, timestamp, crc);
                if (bytesSinceIndexEntry >= config.indexIntervalBytes()) {
                    batchIndexEntries.add(nextOffset, (int) position, timestamp);
                    bytesSinceIndexEntry = 0;
                }
                bytesSinceIndexEntry += size;
                bufferForWrite(segment, pending.record);
                pending.offset = nextOffset++;
                position += size;
            }
            publish(segment, position, nextOffset, timestamp, firstUnpublished, batch.size());
            lastTimestamp = timestamp;
        } catch (IOException e) {
            LOG.error("partition {}: writing {} records failed; they are not acknowledged",
                    partition.partition(), batch.size() - firstUnpublished, e);
            writeBuffer.clear();
            batchIndexEntries.clear();
            rollBack();
            RoostException failure = new RoostException(Status.INTERNAL_ERROR, "the log could not write the message", e);
            for (int i = firstUnpublished; i < batch.size(); i++) {
                batch.get(i).future.completeExceptionally(failure);
            }
        }
    }

    private void bufferForWrite(Segment segment, ByteBuffer record) throws IOException {
        if (writeBuffer.remaining() < record.remaining()) {
            flushWriteBuffer(segment);
        }
        writeBuffer.put(record.array(), record.arrayOffset() + record.position(), record.remaining());
    }

    private void flushWriteBuffer(Segment segment) throws IOException {
        writeBuffer.flip();
        segment.write(writeBuffer);
        writeBuffer.clear();
    }

    /** Writes, forces and publishes batch[from, to), then completes their futures. */
    private void publish(Segment segment, long position, long nextOffset, long timestamp, int from, int to)
            throws IOException {
        if (from == to) {
            return;
        }
        flushWriteBuffer(segment);
        segment.force();
        segment.publish(position, nextOffset, timestamp, timestamp, batchIndexEntries);
        batchIndexEntries.clear();
        partition.recordWaiters().published(nextOffset);
        int partitionId = partition.partition();
        for (int i = from; i < to; i++) {
            PendingAppend pending = batch.get(i);
            pending.future.complete(new AppendedRecord(partitionId, pending.offset, timestamp));
        }
    }

    private boolean isDueForTimeRoll(Segment segment, long now) {
        return !segment.isEmpty() && now - segment.firstTimestamp() >= config.segmentRoll().toMillis();
    }

    private Segment roll(Segment current) throws IOException {
        Segment next = partition.roll(current);
        bytesSinceIndexEntry = config.indexIntervalBytes();
        return next;
    }

    /** Rolls the active segment if it holds records and its newest is older than {@code cutoffMillis}. */
    void rollIfNewestBefore(long cutoffMillis) throws IOException {
        Segment active = partition.active();
        if (!active.isEmpty() && active.maxTimestamp() < cutoffMillis) {
            roll(active);
        }
    }

    private void rollBack() {
        try {
            partition.active().rollBackUncommitted();
        } catch (IOException e) {
            failed = true;
            LOG.error("partition {}: could not cut unacknowledged bytes; the partition stops taking appends",
                    partition.partition(), e);
        }
    }

    private void failBatch(Throwable cause) {
        RoostException failure = new RoostException(Status.INTERNAL_ERROR, "the log could not write the message", cause);
        for (PendingAppend pending : batch) {
            pending.future.completeExceptionally(failure);
        }
        failLeftovers();
    }

    private void failLeftovers() {
        RoostException closed = new RoostException(Status.UNAVAILABLE, "the log is closed");
        PendingAppend pending;
        while ((pending = queue.poll()) != null) {
            if (pending != PendingAppend.WAKE_UP) {
                queued.decrementAndGet();
                pending.future.completeExceptionally(closed);
            }
        }
    }

    private void runControlTasks() {
        Runnable task;
        while ((task = controlTasks.poll()) != null) {
            task.run();
        }
    }

    private void runWritableCallbacks() {
        if (queued.get() > lowWaterMark) {
            return;
        }
        Runnable callback;
        while ((callback = writableCallbacks.poll()) != null) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("a writable callback of partition {} failed", partition.partition(), e);
            }
        }
    }

    /** A step the appender thread runs; may fail with an I/O error. */
    @FunctionalInterface
    interface ThrowingTask {
        void run() throws IOException;
    }
}
