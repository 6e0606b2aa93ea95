package io.roost.bench.amqp;

import io.roost.registry.policy.ServiceConnectionString;
import io.roost.registry.sas.SasTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;

/**
 * A back end that follows every partition of the Event Hubs-compatible endpoint from the start,
 * as an Event Hubs consumer does, on one connection and its own thread: each record is decoded and
 * its {@code x-opt-enqueued-time} compared with the time it arrived, so the scenarios can report
 * enqueue-to-read latency through the endpoint back ends really use. Thread-safe; {@link #close()}
 * stops the thread within a socket read wait.
 */
public final class EventHubFollower implements AutoCloseable {

    private static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    private static final int CREDIT = 5_000;

    private final InetSocketAddress address;
    private final ServiceConnectionString service;
    private final RecordRead recordRead;
    private final AtomicLong received = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final Thread thread;
    private final DecoderImpl decoder = new DecoderImpl();
    private volatile boolean running = true;

    /** Told of each record read, on the follower's thread. */
    @FunctionalInterface
    public interface RecordRead {
        /** @param enqueuedMillis the record's enqueued time; @param readMillis when it arrived (both epoch ms) */
        void read(long enqueuedMillis, long readMillis);
    }

    /** @param recordRead told each record's enqueued time and arrival time, on this follower's thread */
    public EventHubFollower(InetSocketAddress address, String serviceConnectionString, RecordRead recordRead) {
        this.address = address;
        this.service = ServiceConnectionString.parse(serviceConnectionString);
        this.recordRead = recordRead;
        AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
        this.thread = new Thread(this::follow, "eventhub-follower");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long received() {
        return received.get();
    }

    /** The failure that stopped the follower, or null. */
    public String failure() {
        return failure.get();
    }

    private void follow() {
        Duration timeout = Duration.ofSeconds(30);
        String hostName = service.hostName();
        String hubName = service.hub().hubName();
        try (ProtonSocket socket = new ProtonSocket(address, hostName, null, null, timeout)) {
            String token = SasTokens.sign(hostName, service.key(), Instant.now().plus(Duration.ofHours(1)), service.policyName());
            new ServiceRequests(socket, "$cbs", timeout).request(Map.of("operation", "put-token",
                    "type", "servicebus.windows.net:sastoken", "name", hostName), token);
            Map<?, ?> hub = (Map<?, ?>) ((AmqpValue) new ServiceRequests(socket, "$management", timeout).request(
                    Map.of("operation", "READ", "type", "com.microsoft:eventhub", "name", hubName), null).getBody()).getValue();
            int partitions = ((Number) hub.get("partition_count")).intValue();
            Session session = socket.connection.session();
            session.open();
            List<Receiver> receivers = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                Receiver receiver = session.receiver("follow-" + p);
                Source source = new Source();
                source.setAddress(hubName + "/ConsumerGroups/$Default/Partitions/" + p);
                receiver.setSource(source);
                receiver.setTarget(new Target());
                receiver.open();
                receiver.flow(CREDIT);
                receivers.add(receiver);
            }
            byte[] buffer = new byte[512 * 1024];
            while (running) {
                socket.pump();
                for (Receiver receiver : receivers) {
                    if (receiver.getRemoteState() == EndpointState.CLOSED) {
                        throw new IOException("a receiver was closed by the server: " + receiver.getRemoteCondition());
                    }
                    buffer = drain(receiver, buffer);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                failure.compareAndSet(null, e.toString());
            }
        }
    }

    private byte[] drain(Receiver receiver, byte[] buffer) {
        Delivery delivery;
        while ((delivery = receiver.current()) != null && delivery.isReadable() && !delivery.isPartial()) {
            int pending = delivery.pending();
            byte[] bytes = pending > buffer.length ? new byte[pending] : buffer;
            int length = receiver.recv(bytes, 0, pending);
            receiver.advance();
            delivery.settle();
            long now = System.currentTimeMillis();
            recordRead.read(enqueuedMillis(bytes, length, now), now);
            received.incrementAndGet();
            buffer = bytes;
        }
        if (receiver.getCredit() < CREDIT / 2) {
            receiver.flow(CREDIT - receiver.getCredit());
        }
        return buffer;
    }

    /**
     * The message's {@code x-opt-enqueued-time}, or {@code fallback}. Decodes the sections only up
     * to the message annotations (which come before the properties and the body): this thread
     * follows a flat-out load on the machine that serves it, and a whole message decode per record
     * was most of its work.
     */
    private long enqueuedMillis(byte[] bytes, int length, long fallback) {
        decoder.setByteBuffer(ByteBuffer.wrap(bytes, 0, length));
        while (decoder.getByteBuffer().hasRemaining()) {
            Object section = decoder.readObject();
            if (section instanceof MessageAnnotations annotations) {
                return enqueuedMillis(annotations, fallback);
            }
            if (!(section instanceof Header) && !(section instanceof DeliveryAnnotations)) {
                break;
            }
        }
        return fallback;
    }

    private static long enqueuedMillis(MessageAnnotations annotations, long fallback) {
        Object value = annotations.getValue().get(ENQUEUED_TIME);
        if (value instanceof Date date) {
            return date.getTime();
        }
        return value instanceof Number number ? number.longValue() : fallback;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
