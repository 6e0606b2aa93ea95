package io.roost.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.testing.RecordingOperationsLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedC2dEventsTest {

    private final RecordingOperationsLog log = new RecordingOperationsLog();
    private final RecordedC2dEvents events = new RecordedC2dEvents(log,
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

    private static QueuedC2dMessage message(String deviceId, String messageId) {
        return new QueuedC2dMessage(deviceId, "gen", 7, 0, Long.MAX_VALUE, 1, null, 0,
                new C2dMessage(messageId, null, null, null, null, AckMode.NONE, 0, Map.of(), new byte[0]));
    }

    @Test
    void rejected_thenAFailureOfTheDeviceWithTheMessageInTheReason() {
        events.rejected(message("dev1", "m-1"));

        OperationEvent event = log.events().get(0);
        assertThat(event.category()).isEqualTo(OperationCategory.C2DCommands);
        assertThat(event.operation()).isEqualTo("REJECT");
        assertThat(event.result()).isEqualTo(OperationEvent.FAILURE);
        assertThat(event.statusCode()).isEqualTo(400);
        assertThat(event.deviceId()).isEqualTo("dev1");
        assertThat(event.reason()).isEqualTo("messageId=m-1 sequenceNumber=7 deliveryCount=1 the device rejected the message");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void outcomes_thenOnlyRefusalsAreFailures() {
        events.sent(message("dev1", null));
        events.completed(message("dev1", "m"));
        events.abandoned(message("dev1", "m"), true);
        events.expired(message("dev1", "m"));
        events.queueFull("dev1", message("dev1", "m").message());
        events.deadLettered(message("dev1", "m"));
        events.purged("dev1", 3);
        events.feedbackExpired(2);

        assertThat(log.events()).extracting(e -> e.operation() + " " + e.result() + " " + e.statusCode()).containsExactly(
                "SEND Success 200", "COMPLETE Success 200", "ABANDON Success 200", "EXPIRE Success 200",
                "QUEUE_FULL Failure 403", "DEAD_LETTER Failure 410", "PURGE Success 200", "FEEDBACK_EXPIRE Success 200");
        assertThat(log.events().get(0).reason()).startsWith("messageId=- ");
        assertThat(log.events().get(2).reason()).endsWith("lock timed out");
        assertThat(log.events().get(7).deviceId()).isNull();
    }
}
