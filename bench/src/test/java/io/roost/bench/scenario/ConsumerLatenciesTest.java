package io.roost.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerLatenciesTest {

    @Test
    void quantile_whenRecorded_thenTheBucketsUpperEdge_andClampsOutOfRange() {
        ConsumerLatencies histogram = new ConsumerLatencies();
        assertThat(histogram.quantile(0.5)).isEqualTo(-1);

        for (int i = 0; i < 98; i++) {
            histogram.record(2);
        }
        histogram.record(-5);
        histogram.record(10 * ConsumerLatencies.MAX_MILLIS);

        assertThat(histogram.quantile(0.5)).isEqualTo(3);
        assertThat(histogram.quantile(0.01)).isEqualTo(1);
        assertThat(histogram.quantile(1.0)).isEqualTo(ConsumerLatencies.MAX_MILLIS + 1);
    }
}
