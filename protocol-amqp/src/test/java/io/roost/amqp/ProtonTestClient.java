package io.roost.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * The client side of Proton-J over a blocking loopback socket: the test thread pumps the engine
 * (writes the transport's output, reads what the server sent) until a condition holds.
 * Not thread-safe.
 */
final class ProtonTestClient implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 10_000;

    final Transport transport = Proton.transport();
    final Connection connection = Proton.connection();
    final Sasl sasl;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean peerClosed;
    private int tag;
    private int linkNumber;

    private ProtonTestClient(Socket socket, String user, String password) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        sasl = transport.sasl();
        sasl.client();
        if (user == null) {
            sasl.setMechanisms("ANONYMOUS");
        } else {
            sasl.plain(user, password);
        }
        connection.setContainer("test-client");
        connection.setHostname(AmqpFixture.HOST);
        transport.bind(connection);
        connection.open();
    }

    static ProtonTestClient connect(InetSocketAddress address, String user, String password) throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(20);
        return new ProtonTestClient(socket, user, password);
    }

    /** Pumps until the condition holds; fails after 10 s. */
    void pumpUntil(BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            writeOutput();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + TIMEOUT_MILLIS + " ms");
            }
            readInput();
        }
    }

    boolean peerClosed() {
        return peerClosed;
    }

    private void writeOutput() {
        try {
            int pending;
            while ((pending = transport.pending()) > 0) {
                ByteBuffer head = transport.head();
                byte[] bytes = new byte[pending];
                head.duplicate().get(bytes);
                transport.pop(pending);
                out.write(bytes);
            }
            out.flush();
        } catch (IOException e) {
            peerClosed = true;
        }
    }

    private void readInput() {
        if (peerClosed) {
            return;
        }
        byte[] buffer = new byte[65536];
        try {
            int read = in.read(buffer);
            if (read < 0) {
                peerClosed = true;
                transport.close_tail();
                return;
            }
            int offset = 0;
            while (offset < read) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    return;
                }
                int length = Math.min(capacity, read - offset);
                transport.tail().put(buffer, offset, length);
                offset += length;
                transport.processInput();
            }
        } catch (SocketTimeoutException e) {
            // nothing yet
        } catch (IOException e) {
            peerClosed = true;
        }
    }

    /** Writes raw bytes to the socket, bypassing the engine. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads until the server closes the socket; true if it did within 10 s. */
    boolean awaitSocketClosed() {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        byte[] buffer = new byte[4096];
        while (System.currentTimeMillis() < deadline) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    Session session() {
        Session session = connection.session();
        session.open();
        return session;
    }

    Sender sender(Session session, String address) {
        Sender sender = session.sender("sender-" + linkNumber++);
        Target target = new Target();
        target.setAddress(address);
        sender.setTarget(target);
        sender.setSource(new Source());
        sender.open();
        return sender;
    }

    Receiver receiver(Session session, String address, int credit) {
        Receiver receiver = session.receiver("receiver-" + linkNumber++);
        Source source = new Source();
        source.setAddress(address);
        receiver.setSource(source);
        receiver.setTarget(new Target());
        receiver.open();
        receiver.flow(credit);
        return receiver;
    }

    /** Pumps until the server answered the attach: opened, or refused (closed). */
    void awaitAttached(Link link) {
        pumpUntil(() -> link.getRemoteState() != EndpointState.UNINITIALIZED);
    }

    Delivery send(Sender sender, Message message) {
        byte[] encoded = AmqpMessages.encode(message, 1024);
        Delivery delivery = sender.delivery(("t" + tag++).getBytes(StandardCharsets.US_ASCII));
        sender.send(encoded, 0, encoded.length);
        sender.advance();
        return delivery;
    }

    /** Pumps until a complete message arrived on the receiver; returns its delivery (the message is its context). */
    Delivery receive(Receiver receiver) {
        pumpUntil(() -> receiver.current() != null && receiver.current().isReadable() && !receiver.current().isPartial());
        Delivery delivery = receiver.current();
        byte[] bytes = new byte[delivery.pending()];
        receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        delivery.setContext(AmqpMessages.decode(bytes));
        return delivery;
    }

    /** A CBS put-token on a session of its own; returns the reply (its correlation id checked by the caller). */
    CbsReply putToken(String audience, String token) {
        Session session = session();
        Sender requests = sender(session, "$cbs");
        Receiver replies = receiver(session, "$cbs", 10);
        Message request = Message.Factory.create();
        UUID messageId = UUID.randomUUID();
        request.setMessageId(messageId);
        request.setAddress("$cbs");
        request.setReplyTo("cbs");
        Map<String, Object> properties = new HashMap<>();
        properties.put("operation", "put-token");
        properties.put("type", "servicebus.windows.net:sastoken");
        properties.put("name", audience);
        request.setApplicationProperties(new ApplicationProperties(properties));
        request.setBody(new AmqpValue(token));
        send(requests, request);
        Delivery reply = receive(replies);
        Message message = (Message) reply.getContext();
        reply.settle();
        Map<String, Object> replyProperties = message.getApplicationProperties().getValue();
        return new CbsReply(messageId, message.getCorrelationId(), (Integer) replyProperties.get("status-code"),
                (String) replyProperties.get("status-description"));
    }

    record CbsReply(Object requestId, Object correlationId, int status, String description) {
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
