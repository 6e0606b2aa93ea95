package io.roost.bench.amqp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * A device sending D2C messages over AMQP 1.0 as the Azure device SDK does: SASL PLAIN with
 * {@code {deviceId}@sas.{hubName}} and a device SAS token, then a sender link to
 * {@code /devices/{deviceId}/messages/events}, unsettled transfers, and the hub's disposition
 * (Accepted once the message is durable) settling each. Not thread-safe: confined to the thread
 * that connected it, which must keep calling {@link #pump}.
 */
public final class AmqpDeviceClient implements AutoCloseable {

    /** What the hub answered for one message. */
    public interface OutcomeListener {
        /**
         * @param sentNanos {@link System#nanoTime()} when the message was handed to the engine
         * @param accepted true for Accepted; false for any other outcome (described in {@code failure})
         */
        void outcome(long sentNanos, boolean accepted, String failure);
    }

    private final ProtonSocket socket;
    private final Sender sender;
    private final String deviceId;
    private final AmqpMessageEncoder encoder = new AmqpMessageEncoder();
    private int inFlight;
    private long tag;

    private AmqpDeviceClient(ProtonSocket socket, Sender sender, String deviceId) {
        this.socket = socket;
        this.sender = sender;
        this.deviceId = deviceId;
    }

    /**
     * Connects, authenticates and attaches the telemetry link; returns once the hub gave credit.
     *
     * @param hostName the hub's host name (the token's {@code sr} host); its first label is the hub name
     * @throws IOException when the connection, SASL or the attach fails, naming the hub's answer
     */
    public static AmqpDeviceClient connect(InetSocketAddress address, String hostName, String deviceId, String token,
            Duration timeout) throws IOException {
        String hubName = hostName.split("\\.", 2)[0];
        ProtonSocket socket = new ProtonSocket(address, hostName, deviceId + "@sas." + hubName, token, timeout);
        try {
            Session session = socket.connection.session();
            session.open();
            Sender sender = session.sender("events-" + deviceId);
            Target target = new Target();
            target.setAddress("/devices/" + deviceId + "/messages/events");
            sender.setTarget(target);
            sender.setSource(new Source());
            sender.open();
            socket.pumpUntil(() -> sender.getCredit() > 0 || sender.getRemoteState() == EndpointState.CLOSED
                    || socket.sasl.getOutcome() == Sasl.SaslOutcome.PN_SASL_AUTH, timeout, "attach of " + deviceId);
            if (sender.getCredit() <= 0) {
                throw new IOException("attach of " + deviceId + " refused" + socket.describeClose()
                        + (sender.getRemoteCondition() == null ? "" : " " + sender.getRemoteCondition()));
            }
            return new AmqpDeviceClient(socket, sender, deviceId);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public String deviceId() {
        return deviceId;
    }

    /** Credit the hub gave that no transfer has used yet. */
    public int credit() {
        return sender.getCredit();
    }

    /** Messages sent whose outcome has not arrived. */
    public int inFlight() {
        return inFlight;
    }

    /** Whether the link and the connection are still open on the hub's side. */
    public boolean isOpen() {
        return !socket.peerClosed() && sender.getRemoteState() == EndpointState.ACTIVE;
    }

    /**
     * Hands one message to the engine (written by the next {@link #pump}).
     *
     * @param applicationProperties may be empty
     */
    public void send(String messageId, byte[] body, Map<String, Object> applicationProperties) {
        Message message = Message.Factory.create();
        message.setMessageId(messageId);
        if (!applicationProperties.isEmpty()) {
            message.setApplicationProperties(new ApplicationProperties(applicationProperties));
        }
        message.setBody(new Data(new Binary(body)));
        send(message);
    }

    /** Hands one message, as the caller built it, to the engine. */
    public void send(Message message) {
        int length = encoder.encode(message);
        Delivery delivery = sender.delivery(Long.toString(tag++).getBytes(StandardCharsets.US_ASCII));
        delivery.setContext(System.nanoTime());
        sender.send(encoder.array(), 0, length);
        sender.advance();
        inFlight++;
    }

    /**
     * Writes what is pending, reads what arrived, and reports every message the hub answered.
     *
     * @throws IOException when the connection failed
     */
    public void pump(OutcomeListener listener) throws IOException {
        socket.pump();
        for (Delivery delivery = socket.connection.getWorkHead(); delivery != null; ) {
            Delivery next = delivery.getWorkNext();
            DeliveryState state = delivery.getRemoteState();
            if (delivery.getLink() == sender && state != null && !delivery.isSettled()) {
                delivery.settle();
                inFlight--;
                boolean accepted = state instanceof Accepted;
                listener.outcome((Long) delivery.getContext(), accepted, accepted ? null : describe(state));
            }
            delivery = next;
        }
    }

    /** Pumps until every message sent has its outcome. */
    public void awaitOutcomes(OutcomeListener listener, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            pump(listener);
            if (!isOpen()) {
                throw new IOException(deviceId + ": the hub closed the link with " + inFlight + " messages in flight"
                        + socket.describeClose() + (sender.getRemoteCondition() == null ? "" : " " + sender.getRemoteCondition()));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(deviceId + ": " + inFlight + " messages without an outcome after " + timeout.toMillis() + " ms");
            }
        }
    }

    private static String describe(DeliveryState state) {
        if (state instanceof Rejected rejected && rejected.getError() != null) {
            return "rejected: " + rejected.getError().getCondition() + " " + rejected.getError().getDescription();
        }
        return state.getType().toString();
    }

    @Override
    public void close() {
        socket.close();
    }
}
