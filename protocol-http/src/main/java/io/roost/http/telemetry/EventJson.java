package io.roost.http.telemetry;

import io.roost.core.log.LogRecord;
import io.roost.core.log.PartitionInfo;
import io.roost.core.message.TelemetryMessage;
import io.roost.http.JsonText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the event routes (docs/telemetry-read.md), written by hand as the rest of this
 * module's fixed bodies are. A body that is valid UTF-8 goes out as text ({@code "bodyEncoding":
 * "utf-8"}), any other as base64. Stateless and thread-safe.
 */
final class EventJson {

    static final String UTF8 = "utf-8";
    static final String BASE64 = "base64";

    private EventJson() {
    }

    static String page(int partition, List<LogRecord> records, long nextSequence) {
        StringBuilder out = new StringBuilder(256 + records.size() * 256);
        out.append("{\"partition\":").append(partition).append(",\"messages\":[");
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendRecord(out, records.get(i));
        }
        return out.append("],\"nextSequence\":").append(nextSequence).append('}').toString();
    }

    static String partitions(List<PartitionInfo> partitions) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < partitions.size(); i++) {
            PartitionInfo info = partitions.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"partition\":").append(info.partition())
                    .append(",\"earliestSequence\":").append(info.earliestOffset())
                    .append(",\"nextSequence\":").append(info.nextOffset())
                    .append(",\"lastEnqueuedTime\":")
                    .append(info.lastEnqueuedTimeMillis() < 0 ? "null" : JsonText.quote(time(info.lastEnqueuedTimeMillis())))
                    .append('}');
        }
        return out.append(']').toString();
    }

    static String time(long epochMillis) {
        return JsonText.utcTime(epochMillis);
    }

    private static void appendRecord(StringBuilder out, LogRecord record) {
        TelemetryMessage message = record.message();
        out.append("{\"partition\":").append(record.partition())
                .append(",\"sequenceNumber\":").append(record.offset())
                // A string, as Event Hubs gives offsets: opaque to clients, a position to us.
                .append(",\"offset\":\"").append(record.offset()).append('"')
                .append(",\"enqueuedTime\":\"");
        JsonText.appendUtcTime(out, record.enqueuedTimeMillis()).append("\",\"deviceId\":");
        JsonText.appendQuoted(out, message.deviceId()).append(",\"systemProperties\":");
        appendMap(out, message.systemProperties());
        out.append(",\"properties\":");
        appendMap(out, message.applicationProperties());
        String text = utf8OrNull(message.body());
        out.append(",\"body\":");
        JsonText.appendQuoted(out, text != null ? text : Base64.getEncoder().encodeToString(message.body()))
                .append(",\"bodyEncoding\":\"").append(text != null ? UTF8 : BASE64).append("\"}");
    }

    private static void appendMap(StringBuilder out, Map<String, String> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.appendQuoted(out, entry.getKey()).append(':');
            JsonText.appendQuoted(out, entry.getValue());
        }
        out.append('}');
    }

    /** The body as text when it is valid UTF-8 (strictly: no malformed or unmappable input), else null. */
    static String utf8OrNull(byte[] body) {
        if (isAscii(body)) {
            // Most telemetry is ASCII JSON, and ASCII is valid UTF-8: skip the decoder.
            return new String(body, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
