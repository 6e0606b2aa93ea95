package io.roost.http.c2d;

import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.c2d.RejectCounts.DeviceRejects;
import io.roost.http.JsonText;
import java.util.List;

/**
 * The JSON bodies of the C2D routes (docs/cloud-to-device.md), written by hand as this module's
 * other fixed bodies are. Feedback records use IoT Hub's field names, so its clients read them
 * unchanged. Times are ISO-8601 UTC with milliseconds. Stateless and thread-safe.
 */
final class C2dJson {

    private C2dJson() {
    }

    /** What a send answers: where the message went and until when it lives. */
    static String sent(QueuedC2dMessage message) {
        return "{\"deviceId\":" + JsonText.quote(message.deviceId())
                + ",\"messageId\":" + nullable(message.message().messageId())
                + ",\"sequenceNumber\":" + message.sequenceNumber()
                + ",\"enqueuedTimeUtc\":" + JsonText.quote(JsonText.utcTime(message.enqueuedTimeMillis()))
                + ",\"expiryTimeUtc\":" + JsonText.quote(JsonText.utcTime(message.expiryTimeMillis()))
                + "}";
    }

    /** IoT Hub's PurgeMessageQueueResult. */
    static String purged(String deviceId, int count) {
        return "{\"deviceId\":" + JsonText.quote(deviceId) + ",\"totalMessagesPurged\":" + count + "}";
    }

    static String rejects(List<DeviceRejects> devices) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < devices.size(); i++) {
            DeviceRejects device = devices.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"deviceId\":").append(JsonText.quote(device.deviceId()))
                    .append(",\"rejected\":").append(device.rejected())
                    .append(",\"lastRejectedTimeUtc\":").append(JsonText.quote(JsonText.utcTime(device.lastRejectedMillis())))
                    .append('}');
        }
        return out.append(']').toString();
    }

    private static String nullable(String value) {
        return value == null ? "null" : JsonText.quote(value);
    }
}
