package io.roost.amqp;

import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.log.TelemetryLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sender;

/**
 * A receiver of one partition of the Event Hubs-compatible endpoint: delivers log records by link
 * credit, pre-settled (Event Hubs receivers attach with settle mode "settled"), from the position the
 * source filter asked for. Reads run on {@link EventHubReads#readers()}, never on the event loop; at
 * the end of the log the link waits with {@link TelemetryLog#whenRecordAvailable} and holds no thread.
 *
 * <p>Confined to the connection's event loop, except the {@link LogReader}, which only read-pool tasks
 * touch, one at a time (they hold {@code readerLock}).
 */
final class PartitionLink implements ServiceLink {

    static final Symbol STOLEN = Symbol.valueOf("amqp:link:stolen");
    /**
     * Records read in one hop to the read pool, at most; bounded by the link credit and by
     * {@link #MAX_BATCH_BYTES}. A read is a round trip between the event loop and the pool, and on
     * a busy machine that trip, not the reading, limited a consumer following a flat-out producer
     * (S1b in docs/performance.md): with 100 a read it fell seconds behind.
     */
    private static final int MAX_BATCH = 1000;
    /** What one read may hold in bodies before it returns (a log record's body is at most 256 KB). */
    private static final long MAX_BATCH_BYTES = 1 << 20;

    private final AmqpConnectionHandler connection;
    private final Sender sender;
    private final TelemetryLog log;
    private final EventHubReads reads;
    private final String group;
    private final int partition;
    private final Long epoch;
    private final StartPosition start;
    /** Records read and encoded as AMQP messages, waiting for link credit. */
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
    private final Object readerLock = new Object();
    private LogReader reader;
    private long nextOffset;
    private boolean busy;
    private CompletableFuture<Void> waiting;
    private volatile boolean closed;
    private long deliveryTag;

    PartitionLink(AmqpConnectionHandler connection, Sender sender, EventHubReads reads, String group, int partition,
                  Long epoch, StartPosition start) {
        this.connection = connection;
        this.sender = sender;
        this.log = connection.endpoint().log();
        this.reads = reads;
        this.group = group;
        this.partition = partition;
        this.epoch = epoch;
        this.start = start;
    }

    String group() {
        return group;
    }

    int partition() {
        return partition;
    }

    Long epoch() {
        return epoch;
    }

    @Override
    public Link link() {
        return sender;
    }

    @Override
    public String deviceId() {
        return null;
    }

    @Override
    public void delivery(Delivery delivery) {
        if (delivery.remotelySettled()) {
            delivery.settle();
        }
    }

    @Override
    public void flow() {
        deliver();
    }

    /** A receiver with a higher (or equal) epoch took the partition: this one ends, on its own event loop. */
    void steal(String reason) {
        connection.execute(() -> {
            if (!closed) {
                connection.links().close(this, STOLEN, reason);
            }
        });
    }

    private void deliver() {
        while (sender.getCredit() > 0 && !ready.isEmpty() && !closed) {
            send(ready.poll());
        }
        if (sender.getCredit() > 0 && ready.isEmpty() && !busy && !closed) {
            read(Math.min(MAX_BATCH, sender.getCredit()));
        }
    }

    private void send(byte[] encoded) {
        Delivery delivery = sender.delivery(Long.toString(deliveryTag++).getBytes(StandardCharsets.US_ASCII));
        sender.send(encoded, 0, encoded.length);
        sender.advance();
        delivery.settle();
    }

    private void read(int max) {
        busy = true;
        try {
            reads.readers().execute(() -> {
                List<byte[]> encoded;
                long next;
                synchronized (readerLock) {
                    if (closed) {
                        closeReader();
                        return;
                    }
                    try {
                        if (reader == null) {
                            reader = log.openReader(partition, start);
                        }
                        List<LogRecord> records = reader.poll(max, MAX_BATCH_BYTES);
                        next = reader.position();
                        // Encoding here, on the pool, leaves the event loop (which also serves
                        // this connection's other links and other connections) only the transfer.
                        encoded = new ArrayList<>(records.size());
                        for (LogRecord record : records) {
                            encoded.add(AmqpMessages.encode(EventHubMessages.of(record), record.message().body().length + 512));
                        }
                    } catch (RuntimeException e) {
                        connection.execute(() -> failed(SaslServer.reason(e)));
                        return;
                    }
                }
                connection.execute(() -> readDone(encoded, next));
            });
        } catch (RejectedExecutionException e) {
            busy = false;
            failed("the server is busy reading; try again");
        }
    }

    private void readDone(List<byte[]> records, long next) {
        busy = false;
        nextOffset = next;
        if (closed) {
            return;
        }
        ready.addAll(records);
        if (!records.isEmpty()) {
            deliver();
            return;
        }
        if (sender.getDrain()) {
            sender.drained();
        }
        busy = true;
        waiting = log.whenRecordAvailable(partition, nextOffset);
        waiting.whenComplete((ok, failure) -> connection.execute(() -> {
            busy = false;
            if (closed) {
                return;
            }
            if (failure != null) {
                failed(SaslServer.reason(failure));
            } else {
                deliver();
            }
        }));
    }

    private void failed(String reason) {
        busy = false;
        if (!closed) {
            connection.links().close(this, AmqpError.INTERNAL_ERROR, reason);
        }
    }

    @Override
    public void closed() {
        if (closed) {
            return;
        }
        closed = true;
        reads.owners().remove(this);
        if (waiting != null) {
            waiting.cancel(false);
        }
        try {
            reads.readers().execute(() -> {
                synchronized (readerLock) {
                    closeReader();
                }
            });
        } catch (RejectedExecutionException e) {
            // The pool is gone (shutdown): the reader holds no more than open file handles of a closing log.
        }
    }

    private void closeReader() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
