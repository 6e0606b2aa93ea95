package io.roost.core.c2d;

import io.roost.core.message.PropertyMaps;
import java.util.Map;
import java.util.Objects;

/**
 * A cloud-to-device message as the sender hands it to the core. Immutable; the property map is
 * copied and keeps its order.
 *
 * @param messageId the sender's id, echoed in feedback as {@code originalMessageId}; may be null
 * @param correlationId may be null
 * @param userId may be null
 * @param contentType may be null
 * @param contentEncoding may be null
 * @param ack which outcomes the sender wants feedback on
 * @param expiryTimeMillis when the message expires (epoch ms), or 0 for the queue's default TTL
 * @param applicationProperties the sender's own string properties
 * @param body the payload, not copied: callers must not change it after handing it over
 */
public record C2dMessage(
        String messageId,
        String correlationId,
        String userId,
        String contentType,
        String contentEncoding,
        AckMode ack,
        long expiryTimeMillis,
        Map<String, String> applicationProperties,
        byte[] body) {

    public C2dMessage {
        Objects.requireNonNull(ack, "ack");
        Objects.requireNonNull(body, "body");
        applicationProperties = PropertyMaps.immutableCopy(applicationProperties);
    }

    /** A message with only a body and an id, no feedback, the default TTL. */
    public static C2dMessage of(String messageId, byte[] body) {
        return new C2dMessage(messageId, null, null, null, null, AckMode.NONE, 0, Map.of(), body);
    }

    /** The same message with another ack mode. */
    public C2dMessage withAck(AckMode mode) {
        return new C2dMessage(messageId, correlationId, userId, contentType, contentEncoding, mode, expiryTimeMillis,
                applicationProperties, body);
    }

    /** The same message with an explicit expiry time (epoch ms). */
    public C2dMessage withExpiry(long epochMillis) {
        return new C2dMessage(messageId, correlationId, userId, contentType, contentEncoding, ack, epochMillis,
                applicationProperties, body);
    }
}
