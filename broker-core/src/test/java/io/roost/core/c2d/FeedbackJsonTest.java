package io.roost.core.c2d;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackJsonTest {

    @Test
    void array_whenRecords_thenIotHubFieldsWithEscapedTextAndMillisecondUtcTime() {
        FeedbackRecord rejected = new FeedbackRecord("m\"1\\", 1_764_410_400_000L, FeedbackStatus.REJECTED,
                FeedbackStatus.REJECTED.description(), "dev1", "gen\n1");
        FeedbackRecord noId = new FeedbackRecord(null, 0, FeedbackStatus.SUCCESS, "Success", "dev2", null);

        assertThat(FeedbackJson.array(List.of(rejected, noId))).isEqualTo("["
                + "{\"originalMessageId\":\"m\\\"1\\\\\",\"description\":\"" + FeedbackStatus.REJECTED.description()
                + "\",\"deviceGenerationId\":\"gen\\u000a1\",\"deviceId\":\"dev1\","
                + "\"enqueuedTimeUtc\":\"2025-11-29T10:00:00.000Z\",\"statusCode\":\"Rejected\"},"
                + "{\"originalMessageId\":null,\"description\":\"Success\",\"deviceGenerationId\":null,"
                + "\"deviceId\":\"dev2\",\"enqueuedTimeUtc\":\"1970-01-01T00:00:00.000Z\",\"statusCode\":\"Success\"}]");
        assertThat(FeedbackJson.array(List.of())).isEqualTo("[]");
    }
}
