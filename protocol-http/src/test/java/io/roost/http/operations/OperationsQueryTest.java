package io.roost.http.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.error.RoostException;
import io.roost.core.operations.OperationCategory;
import io.roost.http.RouteRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsQueryTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private static OperationsQuery parse(Map<String, String> query) {
        Map<String, List<String>> parameters = new java.util.HashMap<>();
        query.forEach((name, value) -> parameters.put(name, List.of(value)));
        return OperationsQuery.parse(RouteRequest.of(HttpMethod.GET, "/operations", Map.of(), parameters,
                new DefaultHttpHeaders(), new byte[0], null), NOW);
    }

    @Test
    void parse_whenNothingGiven_thenEverythingRetainedAndTheDefaultLimit() {
        OperationsQuery query = parse(Map.of());
        assertThat(query.filter().since()).isEqualTo(Instant.EPOCH);
        assertThat(query.filter().category()).isNull();
        assertThat(query.filter().deviceId()).isNull();
        assertThat(query.limit()).isEqualTo(OperationsQuery.DEFAULT_LIMIT);
    }

    @Test
    void parse_whenSinceIsAnInstantADurationOrAnOffset_thenTheInstant() {
        assertThat(parse(Map.of("since", "2026-04-30T00:00:00Z")).filter().since())
                .isEqualTo(Instant.parse("2026-04-30T00:00:00Z"));
        assertThat(parse(Map.of("since", "PT1H")).filter().since()).isEqualTo(NOW.minusSeconds(3600));
        // An unencoded '+' arrives as a space.
        assertThat(parse(Map.of("since", "2026-04-30T02:00:00 02:00")).filter().since())
                .isEqualTo(Instant.parse("2026-04-30T00:00:00Z"));
    }

    @Test
    void parse_thenCategoryInAnyCaseDeviceAndLimit() {
        OperationsQuery query = parse(Map.of("category", "c2dcommands", "deviceId", "dev 1", "limit", "1000"));
        assertThat(query.filter().category()).isEqualTo(OperationCategory.C2DCommands);
        assertThat(query.filter().deviceId()).isEqualTo("dev 1");
        assertThat(query.limit()).isEqualTo(1000);
    }

    @Test
    void parse_whenAValueIsBad_thenBadRequestNamingTheParameter() {
        for (Map<String, String> bad : List.of(Map.of("since", "yesterday"), Map.of("since", "-PT1H"),
                Map.of("category", "Everything"), Map.of("limit", "0"), Map.of("limit", "1001"), Map.of("limit", "ten"))) {
            String name = bad.keySet().iterator().next();
            assertThatThrownBy(() -> parse(bad)).as(bad.toString())
                    .isInstanceOfSatisfying(RoostException.class, e -> {
                        assertThat(e.status()).isEqualTo(RoostException.Status.BAD_REQUEST);
                        assertThat(e.errorCode()).isEqualTo("ArgumentInvalid");
                        assertThat(e.getMessage()).startsWith(name + " must be");
                    });
        }
    }
}
