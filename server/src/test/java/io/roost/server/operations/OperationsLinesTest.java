package io.roost.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.server.config.OperationsConfig.JsonLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The operations logger's readable line and its JSON appender (operations.jsonLog=file). */
class OperationsLinesTest {

    private static final OperationEvent AUTH_FAILED = new OperationEvent(Instant.parse("2026-01-02T03:04:05Z"),
            OperationCategory.Connections, "AUTH_FAILED", OperationEvent.WARNING, OperationEvent.FAILURE, 401,
            "bad \"token\"\nsecond line", "dev 1", "mqtt", "sas", "10.1.2.x", -1);

    @TempDir
    Path dataDir;

    @Test
    void line_thenKeyValuesWithFreeTextQuoted() {
        assertThat(OperationsLines.line(AUTH_FAILED)).isEqualTo("category=Connections operation=AUTH_FAILED "
                + "result=Failure status=401 protocol=mqtt deviceId=\"dev 1\" auth=sas remote=10.1.2.x "
                + "reason=\"bad \\\"token\\\" second line\"");
    }

    @Test
    void record_thenTheReadableLineGoesToTheOperationsLogger() {
        Logger logger = (Logger) LoggerFactory.getLogger(OperationsLines.LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            new OperationsLines().record(AUTH_FAILED);
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(OperationsLines.line(AUTH_FAILED));
    }

    @Test
    void jsonFile_thenOneJsonObjectPerEventWithTheEventsFields() throws Exception {
        try (JsonOperationsAppender appender = JsonOperationsAppender.start(JsonLog.FILE, dataDir)) {
            new OperationsLines().record(AUTH_FAILED);
        }
        List<String> written = Files.readAllLines(dataDir.resolve(JsonOperationsAppender.FILE));
        assertThat(written).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(written.get(0));
        assertThat(json.get("logger_name").asText()).isEqualTo("roost.operations");
        assertThat(json.get("message").asText()).isEqualTo(OperationsLines.line(AUTH_FAILED));
        assertThat(json.get("category").asText()).isEqualTo("Connections");
        assertThat(json.get("operation").asText()).isEqualTo("AUTH_FAILED");
        assertThat(json.get("operationLevel").asText()).isEqualTo("Warning");
        assertThat(json.get("result").asText()).isEqualTo("Failure");
        assertThat(json.get("statusCode").asInt()).isEqualTo(401);
        assertThat(json.get("deviceId").asText()).isEqualTo("dev 1");
        assertThat(json.get("maskedAddress").asText()).isEqualTo("10.1.2.x");
        assertThat(json.get("time").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(json.has("durationMillis")).isFalse();

        // Closed: later events no longer reach the file.
        new OperationsLines().record(AUTH_FAILED);
        assertThat(Files.readAllLines(dataDir.resolve(JsonOperationsAppender.FILE))).hasSize(1);
    }
}
