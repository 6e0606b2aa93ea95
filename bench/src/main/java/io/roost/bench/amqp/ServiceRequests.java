package io.roost.bench.amqp;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * Request-response over a node's pair of links ({@code $cbs} put-token, {@code $management} READ),
 * as the Event Hubs client does it: a request with a message id and reply-to, the answer on the
 * receiver from the same node, its status in the {@code status-code} application property. Not
 * thread-safe: confined to its connection's thread.
 */
final class ServiceRequests {

    private final ProtonSocket socket;
    private final Sender requests;
    private final Receiver replies;
    private final AmqpMessageEncoder encoder = new AmqpMessageEncoder();
    private final Duration timeout;
    private int tag;

    ServiceRequests(ProtonSocket socket, String node, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        Session session = socket.connection.session();
        session.open();
        requests = session.sender(node + "-requests");
        Target target = new Target();
        target.setAddress(node);
        requests.setTarget(target);
        requests.setSource(new Source());
        requests.open();
        replies = session.receiver(node + "-replies");
        Source source = new Source();
        source.setAddress(node);
        replies.setSource(source);
        replies.setTarget(new Target());
        replies.open();
        replies.flow(10);
    }

    /**
     * Sends a request and returns the reply.
     *
     * @throws IOException when no reply came in time or the status is not 200
     */
    Message request(Map<String, Object> properties, Object body) throws IOException {
        socket.pumpUntil(() -> requests.getCredit() > 0, timeout, "credit on " + requests.getTarget().getAddress());
        Message request = Message.Factory.create();
        request.setMessageId(UUID.randomUUID().toString());
        request.setReplyTo("bench-replies");
        request.setApplicationProperties(new ApplicationProperties(new HashMap<>(properties)));
        if (body != null) {
            request.setBody(new AmqpValue(body));
        }
        int length = encoder.encode(request);
        requests.delivery(Integer.toString(tag++).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        requests.send(encoder.array(), 0, length);
        requests.advance();
        socket.pumpUntil(() -> replies.current() != null && replies.current().isReadable() && !replies.current().isPartial(),
                timeout, properties.get("operation") + " reply");
        Delivery delivery = replies.current();
        byte[] bytes = new byte[delivery.pending()];
        replies.recv(bytes, 0, bytes.length);
        replies.advance();
        delivery.settle();
        replies.flow(1);
        Message reply = Message.Factory.create();
        reply.decode(bytes, 0, bytes.length);
        Object status = reply.getApplicationProperties() == null ? null
                : reply.getApplicationProperties().getValue().get("status-code");
        if (!(status instanceof Number number) || number.intValue() != 200) {
            throw new IOException(properties.get("operation") + " answered " + status + ": "
                    + (reply.getApplicationProperties() == null ? "" : reply.getApplicationProperties().getValue().get("status-description")));
        }
        return reply;
    }
}
