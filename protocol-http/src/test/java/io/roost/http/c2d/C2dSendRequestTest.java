package io.roost.http.c2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.error.RoostException;
import io.roost.http.RouteRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a send request's headers become a C2D message's properties. */
class C2dSendRequestTest {

    @Test
    void parse_whenEveryHeader_thenEveryProperty() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("iothub-messageid", "m-1")
                .add("IoTHub-CorrelationId", "c-1")
                .add("iothub-userid", "backend")
                .add("iothub-ack", "Negative")
                .add("iothub-expiry", "2026-05-01T12:00:00+02:00")
                .add("Content-Type", "text/plain")
                .add("Content-Encoding", "utf-8")
                .add("iothub-app-zone", "b")
                .add("IOTHUB-APP-Alpha", "a&1")
                .add("iothub-apple", "not a property");

        C2dMessage message = C2dSendRequest.parse(request(headers, "hi"), () -> "generated");

        assertThat(message.messageId()).isEqualTo("m-1");
        assertThat(message.correlationId()).isEqualTo("c-1");
        assertThat(message.userId()).isEqualTo("backend");
        assertThat(message.ack()).isEqualTo(AckMode.NEGATIVE);
        assertThat(message.expiryTimeMillis()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z").toEpochMilli());
        assertThat(message.contentType()).isEqualTo("text/plain");
        assertThat(message.contentEncoding()).isEqualTo("utf-8");
        assertThat(message.applicationProperties()).containsExactly(Map.entry("zone", "b"), Map.entry("Alpha", "a&1"));
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void parse_whenNoHeaders_thenAGivenIdNoAckDefaultTtl() {
        C2dMessage message = C2dSendRequest.parse(request(new DefaultHttpHeaders(), ""), () -> "generated");

        assertThat(message.messageId()).isEqualTo("generated");
        assertThat(message.ack()).isEqualTo(AckMode.NONE);
        assertThat(message.expiryTimeMillis()).isZero();
        assertThat(message.contentType()).isNull();
        assertThat(message.applicationProperties()).isEmpty();
        assertThat(message.body()).isEmpty();
    }

    @Test
    void parse_whenHeaderInvalid_thenArgumentInvalidNamingIt() {
        assertInvalid(new DefaultHttpHeaders().add("iothub-ack", "sometimes"), "iothub-ack");
        assertInvalid(new DefaultHttpHeaders().add("iothub-expiry", "1714557600000"), "iothub-expiry");
        assertInvalid(new DefaultHttpHeaders().add("iothub-correlationid", "c".repeat(129)), "iothub-correlationid");
        assertInvalid(new DefaultHttpHeaders().add("Content-Type", "t".repeat(129)), "content-type");
        assertInvalid(new DefaultHttpHeaders().add("iothub-app-x", "1").add("IOTHUB-APP-x", "2"), "x");
    }

    private static void assertInvalid(HttpHeaders headers, String named) {
        assertThatThrownBy(() -> C2dSendRequest.parse(request(headers, "b"), () -> "id"))
                .isInstanceOfSatisfying(RoostException.class, e -> {
                    assertThat(e.status()).isEqualTo(RoostException.Status.BAD_REQUEST);
                    assertThat(e.errorCode()).isEqualTo("ArgumentInvalid");
                })
                .hasMessageContaining(named);
    }

    private static RouteRequest request(HttpHeaders headers, String body) {
        return RouteRequest.of(HttpMethod.POST, "/devices/d1/messages/deviceBound", Map.of("id", "d1"),
                Map.of("api-version", List.of("2021-04-12")), headers, body.getBytes(StandardCharsets.UTF_8), null);
    }
}
