package io.roost.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventPageTest {

    @Test
    void parse_takesEachMessagesEnqueuedTime_andTheNextSequence_skippingTheRest() throws IOException {
        String json = "{\"partition\":1,\"messages\":["
                + "{\"partition\":1,\"sequenceNumber\":7,\"enqueuedTime\":\"2026-05-01T10:00:00.123Z\","
                + "\"systemProperties\":{\"a\":\"b\"},\"properties\":{},\"body\":\"[1,{\\\"x\\\":2}]\"},"
                + "{\"enqueuedTime\":\"2024-02-29T23:59:59.999Z\",\"properties\":{\"k\":\"v\"}}"
                + "],\"nextSequence\":9}";

        EventPage page = EventPage.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(page.enqueuedMillis()).containsExactly(Instant.parse("2026-05-01T10:00:00.123Z").toEpochMilli(),
                Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli());
        assertThat(page.nextSequence()).isEqualTo(9);
    }

    @Test
    void parse_whenEmpty_thenNoTimes_andWithoutNextSequence_thenRefused() throws IOException {
        assertThat(EventPage.parse("{\"partition\":0,\"messages\":[],\"nextSequence\":0}".getBytes(StandardCharsets.UTF_8))
                .enqueuedMillis()).isEmpty();
        assertThatThrownBy(() -> EventPage.parse("{\"messages\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("nextSequence");
    }

    @Test
    void utcMillis_readsOtherIsoFormsThroughInstant() {
        assertThat(EventPage.utcMillis("1970-01-01T00:00:01Z")).isEqualTo(1000);
        assertThat(EventPage.utcMillis("1970-01-01T00:00:00.000Z")).isZero();
    }
}
