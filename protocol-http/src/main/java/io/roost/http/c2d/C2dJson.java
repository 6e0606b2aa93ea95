package io.roost.http.c2d;

import io.roost.core.c2d.FeedbackRecord;
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

    /** A feedback batch: a JSON array of records, as IoT Hub's feedback message body. */
    static String feedback(List<FeedbackRecord> records) {
        StringBuilder out = new StringBuilder(2 + records.size() * 220).append('[');
        for (int i = 0; i < records.size(); i++) {
            FeedbackRecord record = records.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"originalMessageId\":").append(nullable(record.originalMessageId()))
                    .append(",\"description\":").append(nullable(record.description()))
                    .append(",\"deviceGenerationId\":").append(nullable(record.deviceGenerationId()))
                    .append(",\"deviceId\":").append(JsonText.quote(record.deviceId()))
                    .append(",\"enqueuedTimeUtc\":").append(JsonText.quote(JsonText.utcTime(record.enqueuedTimeMillis())))
                    .append(",\"statusCode\":").append(JsonText.quote(record.status().wireName()))
                    .append('}');
        }
        return out.append(']').toString();
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
