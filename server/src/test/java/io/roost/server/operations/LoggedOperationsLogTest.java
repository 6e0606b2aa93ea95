package io.roost.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoggedOperationsLogTest {

    @Test
    void line_whenThrottlingEvent_thenOperationsLineFieldsWithStatusAndQuotedReason() {
        OperationEvent event = OperationEvent.failure(Instant.EPOCH, OperationCategory.Throttling, "D2C_THROTTLED", 429,
                "over 10 messages/s per device; 3 decisions since the last event", "dev 1", "mqtt-ws", "10.0.0.x");

        assertThat(LoggedOperationsLog.line(event)).isEqualTo("category=Throttling operation=D2C_THROTTLED protocol=mqtt-ws"
                + " deviceId=\"dev 1\" auth=sas remote=10.0.0.x status=429"
                + " reason=\"over 10 messages/s per device; 3 decisions since the last event\"");
    }

    @Test
    void line_whenNoDeviceNorReason_thenDashes() {
        OperationEvent event = new OperationEvent(Instant.EPOCH, OperationCategory.Throttling, "REGISTRY_THROTTLED",
                OperationEvent.WARNING, OperationEvent.FAILURE, 429, null, null, "http", null, null, -1);

        assertThat(LoggedOperationsLog.line(event)).isEqualTo("category=Throttling operation=REGISTRY_THROTTLED"
                + " protocol=http deviceId=- auth=- remote=- status=429 reason=-");
    }
}
