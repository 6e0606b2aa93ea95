package io.roost.amqp;

import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import java.nio.BufferOverflowException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;

/**
 * Maps AMQP messages to the core's messages and back, as IoT Hub does on device links: the AMQP
 * properties section carries message-id, correlation-id, user-id, to, content-type and
 * content-encoding; application properties are the message's own properties as strings. Stateless.
 */
final class AmqpMessages {

    private AmqpMessages() {
    }

    /** Decodes a complete transfer; fails with IllegalArgumentException on bytes that are no AMQP message. */
    static Message decode(byte[] bytes) {
        Message message = Message.Factory.create();
        try {
            message.decode(bytes, 0, bytes.length);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an AMQP message: " + e.getMessage(), e);
        }
        return message;
    }

    /**
     * A device's D2C message for the log. Connection properties are stamped from the authenticated
     * device, so a device cannot spoof them.
     */
    static TelemetryMessage telemetry(Message message, String deviceId) {
        Map<String, String> system = new LinkedHashMap<>();
        putIfSet(system, SystemProperty.MESSAGE_ID, message.getMessageId());
        putIfSet(system, SystemProperty.CORRELATION_ID, message.getCorrelationId());
        if (message.getUserId() != null) {
            system.put(SystemProperty.USER_ID, new String(message.getUserId(), StandardCharsets.UTF_8));
        }
        putIfSet(system, SystemProperty.CONTENT_TYPE, message.getContentType());
        putIfSet(system, SystemProperty.CONTENT_ENCODING, message.getContentEncoding());
        system.put(SystemProperty.CONNECTION_DEVICE_ID, deviceId);
        system.put(SystemProperty.CONNECTION_AUTH_METHOD, SystemProperty.SAS_DEVICE_AUTH_METHOD);
        Map<String, String> application = new LinkedHashMap<>();
        ApplicationProperties properties = message.getApplicationProperties();
        if (properties != null && properties.getValue() != null) {
            properties.getValue().forEach((key, value) -> {
                if (key != null && value != null) {
                    application.put(key.toString(), value.toString());
                }
            });
        }
        return new TelemetryMessage(deviceId, system, application, body(message.getBody()));
    }

    private static byte[] body(Section body) {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof Data data && data.getValue() != null) {
            return copy(data.getValue());
        }
        if (body instanceof AmqpValue value) {
            if (value.getValue() instanceof Binary binary) {
                return copy(binary);
            }
            if (value.getValue() instanceof String text) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("the body is neither data nor a string or binary value");
    }

    private static byte[] copy(Binary binary) {
        byte[] bytes = new byte[binary.getLength()];
        System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, binary.getLength());
        return bytes;
    }

    private static void putIfSet(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }

    /** A queued C2D message as the device link delivers it. */
    static Message c2d(QueuedC2dMessage queued) {
        C2dMessage c2d = queued.message();
        Message message = Message.Factory.create();
        message.setMessageId(c2d.messageId());
        message.setCorrelationId(c2d.correlationId());
        if (c2d.userId() != null) {
            message.setUserId(c2d.userId().getBytes(StandardCharsets.UTF_8));
        }
        message.setAddress("/devices/" + queued.deviceId() + "/messages/devicebound");
        message.setContentType(c2d.contentType());
        message.setContentEncoding(c2d.contentEncoding());
        message.getProperties().setAbsoluteExpiryTime(new Date(queued.expiryTimeMillis()));
        message.getProperties().setCreationTime(new Date(queued.enqueuedTimeMillis()));
        message.setDeliveryCount(Math.max(0, queued.deliveryCount() - 1));
        Map<String, Object> application = new LinkedHashMap<>(c2d.applicationProperties());
        if (c2d.ack() != AckMode.NONE) {
            application.put("iothub-ack", c2d.ack().wireName());
        }
        message.setApplicationProperties(new ApplicationProperties(application));
        message.setBody(new Data(new Binary(c2d.body())));
        return message;
    }

    /** The message's encoding, as the body of a transfer. */
    static byte[] encode(Message message, int sizeHint) {
        for (int size = Math.max(1024, sizeHint); ; size *= 2) {
            byte[] buffer = new byte[size];
            try {
                int length = message.encode(buffer, 0, size);
                byte[] encoded = new byte[length];
                System.arraycopy(buffer, 0, encoded, 0, length);
                return encoded;
            } catch (BufferOverflowException e) {
                // try again with room for it
            }
        }
    }
}
