package io.roost.http.device;

import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.http.HttpReply;
import java.time.Instant;

/**
 * A C2D message as the reply to a device's poll: the body, {@code ETag} = the lock token (quoted),
 * and the message's properties as IoT Hub's {@code iothub-*} headers ({@code iothub-app-{name}}
 * for application properties), which the Azure device SDK reads back into a message. Stateless.
 */
final class C2dReply {

    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private C2dReply() {
    }

    static HttpReply of(QueuedC2dMessage queued) {
        C2dMessage message = queued.message();
        HttpReply reply = new HttpReply(200, message.contentType() == null ? DEFAULT_CONTENT_TYPE : message.contentType(),
                message.body())
                .withHeader("ETag", "\"" + queued.lockToken() + "\"")
                .withHeader("iothub-to", "/devices/" + queued.deviceId() + "/messages/deviceBound")
                .withHeader("iothub-sequencenumber", Long.toString(queued.sequenceNumber()))
                .withHeader("iothub-enqueuedtime", Instant.ofEpochMilli(queued.enqueuedTimeMillis()).toString())
                .withHeader("iothub-expiry", Instant.ofEpochMilli(queued.expiryTimeMillis()).toString())
                .withHeader("iothub-deliverycount", Integer.toString(queued.deliveryCount()))
                .withHeader("iothub-ack", message.ack().wireName());
        reply = withOptional(reply, "iothub-messageid", message.messageId());
        reply = withOptional(reply, "iothub-correlationid", message.correlationId());
        reply = withOptional(reply, "iothub-userid", message.userId());
        reply = withOptional(reply, "iothub-contenttype", message.contentType());
        reply = withOptional(reply, "iothub-contentencoding", message.contentEncoding());
        for (var property : message.applicationProperties().entrySet()) {
            reply = reply.withHeader(TelemetryHeaders.APP_PREFIX + property.getKey(), property.getValue());
        }
        return reply;
    }

    private static HttpReply withOptional(HttpReply reply, String header, String value) {
        return value == null ? reply : reply.withHeader(header, value);
    }
}
