package io.roost.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.QueuedC2dMessage;
import org.junit.jupiter.api.Test;

/** The one structured line per C2D event. */
class LoggedC2dEventsTest {

    @Test
    void line_whenPlainIds_thenEveryFieldUnquoted() {
        String line = LoggedC2dEvents.line("COMPLETE", message("dev1", "m-1"), null);

        assertThat(line).isEqualTo("category=C2DCommands operation=COMPLETE deviceId=dev1 messageId=m-1 sequenceNumber=7"
                + " deliveryCount=2 reason=-");
    }

    @Test
    void line_whenMessageIdHasSpacesQuotesOrLineBreaks_thenQuotedOnOneLine() {
        String line = LoggedC2dEvents.line("ABANDON", message("dev1", "a \"b\"\nc"), "lock timed out");

        assertThat(line).isEqualTo("category=C2DCommands operation=ABANDON deviceId=dev1 messageId=\"a \\\"b\\\" c\""
                + " sequenceNumber=7 deliveryCount=2 reason=\"lock timed out\"");
    }

    @Test
    void line_whenNoMessageId_thenDash() {
        assertThat(LoggedC2dEvents.line("EXPIRE", message("dev1", null), null)).contains(" messageId=- ");
    }

    private static QueuedC2dMessage message(String deviceId, String messageId) {
        return new QueuedC2dMessage(deviceId, "gen", 7, 0, 0, 2, "token", 0, C2dMessage.of(messageId, new byte[0]));
    }
}
