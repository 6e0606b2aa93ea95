package io.roost.amqp;

import io.roost.core.error.RoostException;
import io.roost.registry.device.DeviceId;
import io.roost.registry.sas.SasToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
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
 * The {@code $cbs} node (AMQP claims-based security, as IoT Hub and the Azure device SDK use it): a
 * client sends put-token requests on a link to {@code $cbs} (application properties
 * {@code operation=put-token}, {@code type} {@code servicebus.windows.net:sastoken} or
 * {@code azure-devices.net:sastoken}, {@code name} = audience {@code {host}/devices/{id}}; body an
 * AMQP value holding the SAS token; {@code message-id} and {@code reply-to} set) and reads replies on a
 * link from {@code $cbs}: {@code correlation-id} = the request's message-id (same type), application
 * properties {@code status-code} (int: 200, 400, 401) and {@code status-description}. A valid token
 * authorizes the device on this connection until it expires. Confined to the connection's event loop.
 */
final class CbsNode {

    static final String PUT_TOKEN = "put-token";
    private static final int REQUEST_CREDIT = 10;

    private final AmqpConnectionHandler connection;
    private final List<Sender> replyLinks = new ArrayList<>();
    private final Queue<PendingReply> pendingReplies = new ArrayDeque<>();
    private long deliveryTag;

    CbsNode(AmqpConnectionHandler connection) {
        this.connection = connection;
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
        putToken(request, receiver.getSession());
    }

    private void putToken(Message request, Session session) {
        Object correlationId = request.getMessageId();
        String replyTo = request.getReplyTo();
        Map<String, Object> properties = request.getApplicationProperties() == null
                || request.getApplicationProperties().getValue() == null
                ? Map.of() : request.getApplicationProperties().getValue();
        if (!PUT_TOKEN.equals(properties.get("operation"))) {
            reply(session, correlationId, replyTo, 400, "unknown operation " + properties.get("operation"));
            return;
        }
        Object type = properties.get("type");
        if (!"servicebus.windows.net:sastoken".equals(type) && !"azure-devices.net:sastoken".equals(type)) {
            reply(session, correlationId, replyTo, 400, "unsupported token type " + type);
            return;
        }
        String audience = properties.get("name") instanceof String name ? name : null;
        String deviceId = deviceOf(audience);
        String token = request.getBody() instanceof AmqpValue value && value.getValue() instanceof String text ? text : null;
        if (deviceId == null || token == null) {
            connection.authFailed(deviceId, "CBS put-token for " + audience + ": not a device audience of this hub or no token");
            reply(session, correlationId, replyTo, 401, "unauthorized: the audience must be {host}/devices/{deviceId}");
            return;
        }
        long expiryMillis;
        try {
            expiryMillis = SasToken.parse(token).expiryEpochSeconds() * 1000;
        } catch (RoostException e) {
            connection.authFailed(deviceId, "CBS put-token: " + e.getMessage());
            reply(session, correlationId, replyTo, 401, e.getMessage());
            return;
        }
        connection.endpoint().registry().authenticateDevice(deviceId, token).whenComplete((device, failure) ->
                connection.execute(() -> {
                    if (failure != null) {
                        String reason = SaslServer.reason(failure);
                        connection.authFailed(deviceId, "CBS put-token: " + reason);
                        reply(session, correlationId, replyTo, 401, reason);
                    } else {
                        connection.authorize(deviceId, expiryMillis);
                        reply(session, correlationId, replyTo, 200, "OK");
                    }
                }));
    }

    /** The device of an audience {@code [amqps://]{host}/devices/{id}} naming an accepted host, or null. */
    private String deviceOf(String audience) {
        if (audience == null) {
            return null;
        }
        String rest = audience;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 3);
        }
        String[] parts = rest.split("/", -1);
        if (parts.length != 3 || !parts[1].equals("devices") || !connection.endpoint().acceptsHost(parts[0])
                || !DeviceId.isValid(parts[2])) {
            return null;
        }
        return parts[2];
    }

    /** Replies go on a reply link of the request's session, as a client pairs them; else on any. */
    private void reply(Session session, Object correlationId, String replyTo, int status, String description) {
        Message reply = Message.Factory.create();
        reply.setCorrelationId(correlationId);
        if (replyTo != null) {
            reply.setAddress(replyTo);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("status-code", status);
        properties.put("status-description", description);
        reply.setApplicationProperties(new ApplicationProperties(properties));
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
