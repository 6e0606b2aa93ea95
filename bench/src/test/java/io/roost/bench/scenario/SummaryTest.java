package io.roost.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void line_whenSomeFiguresAreNotMeasured_thenTheyPrintAsDashesAndTheDetailsFollow() {
        Summary summary = new Summary("S3", -1, -1, "connect", -1, -1, -1, 2, 2048 * 1024, 12.5, "1,000 connected");

        assertThat(summary.line()).isEqualTo("S3: - msgs/s, - MB/s, connect latency p50 - / p99 - / p99.9 - ms, errors 2,"
                + " server peak RSS 2048 MB, server CPU 12.50 s; 1,000 connected");
    }

    @Test
    void parse_whenKnownUnknownAndFlagOptions_thenTypedValuesOrAnErrorNamingTheOption() {
        ScenarioOptions options = ScenarioOptions.parse(List.of("--connections", "2_000", "--tls", "--hold", "2m"),
                Set.of("--connections", "--hold"), Set.of("--tls"));

        assertThat(options.integer("--connections", 1, 1, 10_000)).isEqualTo(2000);
        assertThat(options.duration("--hold", "60s")).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.duration("--keep-alive", "60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.flag("--tls")).isTrue();
        assertThatThrownBy(() -> ScenarioOptions.parse(List.of("--bogus", "1"), Set.of(), Set.of())).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> options.integer("--connections", 1, 1, 100)).hasMessageContaining("--connections");
    }
}
