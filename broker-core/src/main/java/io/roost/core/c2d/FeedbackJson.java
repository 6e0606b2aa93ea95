package io.roost.core.c2d;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * IoT Hub's feedback message body: a JSON array of records with {@code originalMessageId},
 * {@code description}, {@code deviceGenerationId}, {@code deviceId}, {@code enqueuedTimeUtc} and
 * {@code statusCode}. One writer for every protocol (HTTP {@code GET /messages/serviceBound/feedback},
 * the AMQP feedback link), so the service SDKs parse the same text whichever way they read it.
 * Stateless; thread-safe.
 */
public final class FeedbackJson {

    /** Always three fractional digits, as IoT Hub writes them. */
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private FeedbackJson() {
    }

    public static String array(List<FeedbackRecord> records) {
        StringBuilder out = new StringBuilder(2 + records.size() * 220).append('[');
        for (int i = 0; i < records.size(); i++) {
            FeedbackRecord record = records.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"originalMessageId\":").append(quoted(record.originalMessageId()))
                    .append(",\"description\":").append(quoted(record.description()))
                    .append(",\"deviceGenerationId\":").append(quoted(record.deviceGenerationId()))
                    .append(",\"deviceId\":").append(quoted(record.deviceId()))
                    .append(",\"enqueuedTimeUtc\":")
                    .append(quoted(UTC_TIME.format(Instant.ofEpochMilli(record.enqueuedTimeMillis()))))
                    .append(",\"statusCode\":").append(quoted(record.status().wireName()))
                    .append('}');
        }
        return out.append(']').toString();
    }

    private static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
