package io.roost.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    private static RunFigures run(double msgsPerSec, double msgsPerCpuSecond) {
        return new RunFigures(1000, msgsPerSec, msgsPerSec * 200 / 1e6, 1.0, 2.0, 3.0, 1.5, msgsPerCpuSecond, 100 * 1024, 0);
    }

    @Test
    void median_whenOddOrEvenCount_thenMiddleOrMeanOfTheTwoMiddles() {
        assertThat(Median.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Median(2.0, 1.0, 3.0));
        assertThat(Median.of(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(new Median(2.5, 1.0, 4.0));
        assertThat(Median.of(List.of(5.0)).format(0)).isEqualTo("5");
        assertThat(Median.of(List.of(1000.0, 2000.0, 3000.0)).format(0)).isEqualTo("2,000 (1,000-3,000)");
        assertThatThrownBy(() -> Median.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void render_whenTwoPeersAndOneSkipped_thenMediansRatiosOfMediansAndTheSkippedPeerWithItsReason() {
        CompareOptions options = CompareOptions.parse("--rounds", "3", "--scenarios", "s1-qos1", "--root", "/tmp");
        ComparisonResult result = new ComparisonResult();
        for (double rate : new double[] {300, 100, 200}) {
            result.add("roost", CompareScenario.S1_QOS1, run(rate, rate / 2));
        }
        for (double rate : new double[] {100, 90, 110}) {
            result.add("mosquitto", CompareScenario.S1_QOS1, run(rate, rate));
        }
        result.skip("moquette", "cannot fetch");

        String table = ComparisonTable.render(result, options);

        assertThat(table).contains("| s1-qos1 | roost | 3 | 200 (100-300) |", "| s1-qos1 | mosquitto | 3 | 100 (90-110) |",
                "| s1-qos1 | roost / mosquitto | 2.00x | 1.00x |", "skipped: moquette: cannot fetch");
        assertThat(table).doesNotContain("s1-qos0");
    }

    @Test
    void parse_whenDefaults_thenThreeRoundsAllPeersBothScenarios_andBadValuesNameTheOption() {
        CompareOptions options = CompareOptions.parse("--root", "/src");
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.peers()).containsExactly("roost", "mosquitto", "moquette");
        assertThat(options.scenarios()).containsExactly(CompareScenario.S1_QOS1, CompareScenario.S1_QOS0);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.out()).isEqualTo(Path.of("/src/bench/target/compare"));
        assertThat(CompareOptions.parse("--help")).isNull();
        assertThatThrownBy(() -> CompareOptions.parse("--peers", "hivemq")).hasMessageContaining("--peers");
        assertThatThrownBy(() -> CompareOptions.parse("--rounds", "0")).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> CompareOptions.parse("--duration", "0")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> CompareOptions.parse("--scenarios", "s9")).hasMessageContaining("s9");
    }
}
