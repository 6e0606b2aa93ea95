package io.roost.amqp;

import io.roost.core.log.LogRecord;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;

/**
 * A log record as IoT Hub's Event Hubs-compatible endpoint delivers it: the body and the properties
 * as the device sent them (message-id, correlation-id, user-id, content type and encoding in the
 * properties section; the device's own properties as application properties) and message
 * annotations {@code x-opt-sequence-number} (long), {@code x-opt-offset} (the offset as a string),
 * {@code x-opt-enqueued-time} (timestamp), {@code x-opt-partition-key} (the device id) and IoT Hub's
 * {@code iothub-connection-device-id}, {@code iothub-connection-auth-method},
 * {@code iothub-enqueuedtime} and {@code iothub-message-source}. Stateless.
 */
final class EventHubMessages {

    static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    static final Symbol OFFSET = Symbol.valueOf("x-opt-offset");
    static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    static final Symbol PARTITION_KEY = Symbol.valueOf("x-opt-partition-key");
    static final String TELEMETRY_SOURCE = "Telemetry";

    private EventHubMessages() {
    }

    static Message of(LogRecord record) {
        TelemetryMessage telemetry = record.message();
        Map<String, String> system = telemetry.systemProperties();
        Message message = Message.Factory.create();
        message.setMessageId(system.get(SystemProperty.MESSAGE_ID));
        message.setCorrelationId(system.get(SystemProperty.CORRELATION_ID));
        String userId = system.get(SystemProperty.USER_ID);
        if (userId != null) {
            message.setUserId(userId.getBytes(StandardCharsets.UTF_8));
        }
        message.setContentType(system.get(SystemProperty.CONTENT_TYPE));
        message.setContentEncoding(system.get(SystemProperty.CONTENT_ENCODING));

        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(SEQUENCE_NUMBER, record.offset());
        annotations.put(OFFSET, Long.toString(record.offset()));
        annotations.put(ENQUEUED_TIME, new Date(record.enqueuedTimeMillis()));
        annotations.put(PARTITION_KEY, telemetry.deviceId());
        annotations.put(Symbol.valueOf(SystemProperty.CONNECTION_DEVICE_ID),
                system.getOrDefault(SystemProperty.CONNECTION_DEVICE_ID, telemetry.deviceId()));
        String authMethod = system.get(SystemProperty.CONNECTION_AUTH_METHOD);
        if (authMethod != null) {
            annotations.put(Symbol.valueOf(SystemProperty.CONNECTION_AUTH_METHOD), authMethod);
        }
        annotations.put(Symbol.valueOf("iothub-enqueuedtime"), new Date(record.enqueuedTimeMillis()));
        annotations.put(Symbol.valueOf(SystemProperty.MESSAGE_SOURCE), TELEMETRY_SOURCE);
        message.setMessageAnnotations(new MessageAnnotations(annotations));

        Map<String, Object> application = new LinkedHashMap<>(telemetry.applicationProperties());
        String creationTime = system.get(SystemProperty.CREATION_TIME_UTC);
        if (creationTime != null) {
            application.put(SystemProperty.CREATION_TIME_UTC, creationTime);
        }
        message.setApplicationProperties(new ApplicationProperties(application));
        message.setBody(new Data(new Binary(telemetry.body())));
        return message;
    }
}
