package io.roost.http.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.log.LogRecord;
import io.roost.core.message.TelemetryMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final long ENQUEUED = 1_777_629_600_123L; // 2026-05-01T10:00:00.123Z

    @Test
    void page_writesEachRecord_withItsTimeProperties_andBodyAsTextOrBase64() {
        Map<String, String> system = new LinkedHashMap<>();
        system.put("message-id", "m\"1");
        TelemetryMessage ascii = new TelemetryMessage("dev-1", system, Map.of("k", "a\\b"),
                "{\"t\":1}".getBytes(StandardCharsets.US_ASCII));
        TelemetryMessage accented = TelemetryMessage.of("dev-2", "çødé".getBytes(StandardCharsets.UTF_8));
        TelemetryMessage binary = TelemetryMessage.of("dev-3", new byte[] {(byte) 0xff, 0, 1});

        String page = EventJson.page(2, List.of(new LogRecord(2, 7, ENQUEUED, ascii),
                new LogRecord(2, 8, ENQUEUED + 1, accented), new LogRecord(2, 9, ENQUEUED + 2, binary)), 10);

        assertThat(page).isEqualTo("{\"partition\":2,\"messages\":["
                + "{\"partition\":2,\"sequenceNumber\":7,\"offset\":\"7\",\"enqueuedTime\":\"2026-05-01T10:00:00.123Z\","
                + "\"deviceId\":\"dev-1\",\"systemProperties\":{\"message-id\":\"m\\\"1\"},\"properties\":{\"k\":\"a\\\\b\"},"
                + "\"body\":\"{\\\"t\\\":1}\",\"bodyEncoding\":\"utf-8\"},"
                + "{\"partition\":2,\"sequenceNumber\":8,\"offset\":\"8\",\"enqueuedTime\":\"2026-05-01T10:00:00.124Z\","
                + "\"deviceId\":\"dev-2\",\"systemProperties\":{},\"properties\":{},\"body\":\"çødé\",\"bodyEncoding\":\"utf-8\"},"
                + "{\"partition\":2,\"sequenceNumber\":9,\"offset\":\"9\",\"enqueuedTime\":\"2026-05-01T10:00:00.125Z\","
                + "\"deviceId\":\"dev-3\",\"systemProperties\":{},\"properties\":{},\"body\":\"/wAB\",\"bodyEncoding\":\"base64\"}"
                + "],\"nextSequence\":10}");
    }

    @Test
    void utf8OrNull_takesAsciiAndValidUtf8_refusesMalformedInput() {
        assertThat(EventJson.utf8OrNull("plain".getBytes(StandardCharsets.US_ASCII))).isEqualTo("plain");
        assertThat(EventJson.utf8OrNull("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("é");
        assertThat(EventJson.utf8OrNull(new byte[] {'a', (byte) 0xc3})).isNull();
        assertThat(EventJson.utf8OrNull(new byte[0])).isEmpty();
    }
}
