package io.roost.amqp;

import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.FeedbackBatch;
import io.roost.core.c2d.FeedbackJson;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.DeviceId;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;

/**
 * Maps the messages of the service links, as the Azure IoT service SDK sends and reads them: a C2D
 * message from a service (AMQP properties message-id, correlation-id, user-id, to =
 * {@code /devices/{id}/messages/devicebound}, absolute-expiry-time, content-type,
 * content-encoding; application property {@code iothub-ack} none, positive, negative or full, or
 * the SDK's positiveonly and negativeonly; the others are the message's own) and
 * a feedback batch to a service (a JSON array of IoT Hub's feedback records, content type
 * {@value FeedbackBatch#CONTENT_TYPE}). Stateless.
 */
final class ServiceMessages {

    static final String ACK = "iothub-ack";
    /** IoT Hub's limit for a message id; the other system properties get the same (the store's columns). */
    static final int MAX_PROPERTY_LENGTH = 128;
    private static final String TO_PREFIX = "/devices/";
    private static final String TO_SUFFIX = "/messages/devicebound";

    private ServiceMessages() {
    }

    /**
     * The device a service's C2D message is for, from its {@code to}.
     *
     * @throws RoostException BAD_REQUEST when {@code to} is missing or not a device's C2D address
     *     (module addresses included: Roost has no modules)
     */
    static String deviceOf(Message message) {
        String to = message.getAddress();
        if (to == null || !to.startsWith(TO_PREFIX) || !to.endsWith(TO_SUFFIX)
                || to.length() <= TO_PREFIX.length() + TO_SUFFIX.length()) {
            throw new RoostException(Status.BAD_REQUEST,
                    "the message's 'to' must be /devices/{deviceId}/messages/devicebound, not '" + to + "'");
        }
        String deviceId = to.substring(TO_PREFIX.length(), to.length() - TO_SUFFIX.length());
        if (!DeviceId.isValid(deviceId)) {
            throw new RoostException(Status.BAD_REQUEST, "the message's 'to' names no valid device id: '" + to + "'");
        }
        return deviceId;
    }

    /**
     * The core's message for a service's C2D message; a message without an id gets one, so its
     * feedback can be told apart.
     *
     * @throws RoostException BAD_REQUEST for a bad {@code iothub-ack}, an over-long property or a
     *     body that is not data
     */
    static C2dMessage c2d(Message message) {
        Map<String, String> application = new LinkedHashMap<>();
        AckMode ack = AckMode.NONE;
        ApplicationProperties properties = message.getApplicationProperties();
        if (properties != null && properties.getValue() != null) {
            for (Map.Entry<String, Object> entry : properties.getValue().entrySet()) {
                if (entry.getKey() == null || entry.getValue() == null) {
                    continue;
                }
                if (entry.getKey().equalsIgnoreCase(ACK)) {
                    ack = ack(entry.getValue().toString());
                } else {
                    application.put(entry.getKey(), entry.getValue().toString());
                }
            }
        }
        String messageId = bounded("message-id", message.getMessageId());
        Date expiry = message.getProperties() == null ? null : message.getProperties().getAbsoluteExpiryTime();
        return new C2dMessage(
                messageId != null ? messageId : UUID.randomUUID().toString(),
                bounded("correlation-id", message.getCorrelationId()),
                bounded("user-id", message.getUserId() == null ? null
                        : new String(message.getUserId(), StandardCharsets.UTF_8)),
                bounded("content-type", message.getContentType()),
                bounded("content-encoding", message.getContentEncoding()),
                ack,
                expiry == null ? 0 : expiry.getTime(),
                application,
                body(message));
    }

    /** An {@code iothub-ack} value, with the service SDK's spellings ({@link AckMode#parse}). */
    static AckMode ack(String value) {
        return AckMode.parse(value.trim());
    }

    private static byte[] body(Message message) {
        if (message.getBody() == null) {
            return new byte[0];
        }
        if (message.getBody() instanceof Data data && data.getValue() != null) {
            Binary binary = data.getValue();
            byte[] bytes = new byte[binary.getLength()];
            System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, bytes.length);
            return bytes;
        }
        throw new RoostException(Status.BAD_REQUEST, "the body of a C2D message must be a data section");
    }

    private static String bounded(String name, Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (text.length() > MAX_PROPERTY_LENGTH) {
            throw new RoostException(Status.BAD_REQUEST, name + " may have at most " + MAX_PROPERTY_LENGTH + " characters");
        }
        return text.isEmpty() ? null : text;
    }

    /** The feedback message for a batch: its records as IoT Hub's JSON array, in a data section. */
    static Message feedback(FeedbackBatch batch) {
        Message message = Message.Factory.create();
        message.setMessageId(batch.lockToken());
        message.setContentType(FeedbackBatch.CONTENT_TYPE);
        message.setCreationTime(batch.enqueuedTimeMillis());
        message.setDeliveryCount(Math.max(0, batch.deliveryCount() - 1));
        message.setBody(new Data(new Binary(FeedbackJson.array(batch.records()).getBytes(StandardCharsets.UTF_8))));
        return message;
    }
}
