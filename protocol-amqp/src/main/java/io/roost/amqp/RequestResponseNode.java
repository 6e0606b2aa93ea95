package io.roost.amqp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.BiConsumer;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * A request-response node as Azure's AMQP clients use them ({@code $cbs}, {@code $management}): the
 * client sends requests on a link to the node ({@code message-id}, {@code reply-to} set) and reads
 * replies on a link from it; a reply's {@code correlation-id} is the request's message-id (same type)
 * and its application properties carry {@code status-code} (int) and {@code status-description}.
 * Requests are accepted and settled as they arrive; replies wait for credit. Confined to the
 * connection's event loop.
 */
final class RequestResponseNode {

    private static final int REQUEST_CREDIT = 10;

    private final BiConsumer<Message, Session> requests;
    private final List<Sender> replyLinks = new ArrayList<>();
    private final Queue<PendingReply> pendingReplies = new ArrayDeque<>();
    private long deliveryTag;

    /** @param requests handles each decoded request, given the session it came on */
    RequestResponseNode(BiConsumer<Message, Session> requests) {
        this.requests = requests;
    }

    LinkHandler requestLink(Receiver receiver) {
        receiver.open();
        receiver.flow(REQUEST_CREDIT);
        return new LinkHandler() {
            @Override
            public Link link() {
                return receiver;
            }

            @Override
            public String deviceId() {
                return null;
            }

            @Override
            public void delivery(Delivery delivery) {
                request(receiver, delivery);
            }

            @Override
            public void closed() {
            }
        };
    }

    LinkHandler replyLink(Sender sender) {
        sender.open();
        replyLinks.add(sender);
        return new LinkHandler() {
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
                if (delivery.remotelySettled() || delivery.getRemoteState() != null) {
                    delivery.settle();
                }
            }

            @Override
            public void flow() {
                drain();
            }

            @Override
            public void closed() {
                replyLinks.remove(sender);
            }
        };
    }

    private void request(Receiver receiver, Delivery delivery) {
        if (!delivery.isReadable() || delivery.isPartial() || delivery.getContext() != null) {
            return;
        }
        byte[] bytes = new byte[delivery.pending()];
        receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        delivery.setContext(Boolean.TRUE);
        Message request;
        try {
            request = AmqpMessages.decode(bytes);
        } catch (IllegalArgumentException e) {
            Rejected rejected = new Rejected();
            rejected.setError(new ErrorCondition(AmqpError.DECODE_ERROR, e.getMessage()));
            delivery.disposition(rejected);
            delivery.settle();
            receiver.flow(1);
            return;
        }
        delivery.disposition(Accepted.getInstance());
        delivery.settle();
        receiver.flow(1);
        requests.accept(request, receiver.getSession());
    }

    /** The request's application properties, never null. */
    static Map<String, Object> properties(Message request) {
        return request.getApplicationProperties() == null || request.getApplicationProperties().getValue() == null
                ? Map.of() : request.getApplicationProperties().getValue();
    }

    /** Replies with a status and no body. */
    void reply(Session session, Message request, int status, String description) {
        reply(session, request, status, description, null);
    }

    /** Replies go on a reply link of the request's session, as a client pairs them; else on any. */
    void reply(Session session, Message request, int status, String description,
               org.apache.qpid.proton.amqp.messaging.Section body) {
        Message reply = Message.Factory.create();
        reply.setCorrelationId(request.getMessageId());
        if (request.getReplyTo() != null) {
            reply.setAddress(request.getReplyTo());
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("status-code", status);
        properties.put("status-description", description);
        reply.setApplicationProperties(new ApplicationProperties(properties));
        if (body != null) {
            reply.setBody(body);
        }
        pendingReplies.add(new PendingReply(session, reply));
        drain();
    }

    private void drain() {
        while (!pendingReplies.isEmpty()) {
            PendingReply next = pendingReplies.peek();
            Sender sender = replyLinks.stream().filter(s -> s.getSession() == next.session() && s.getCredit() > 0)
                    .findFirst()
                    .or(() -> replyLinks.stream().filter(s -> s.getCredit() > 0).findFirst())
                    .orElse(null);
            if (sender == null) {
                return;
            }
            pendingReplies.poll();
            byte[] encoded = AmqpMessages.encode(next.message(), 256);
            sender.delivery(Long.toString(deliveryTag++).getBytes(StandardCharsets.US_ASCII));
            sender.send(encoded, 0, encoded.length);
            sender.advance();
        }
    }

    private record PendingReply(Session session, Message message) {
    }
}
