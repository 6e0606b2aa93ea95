package io.roost.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerLatenciesTest {

    private static final long FROM = 1_000_000;
    private static final long TO = 2_000_000;

    @Test
    void quantile_whenRecordedInTheWindow_thenTheBucketsUpperEdge_andClampsOutOfRange() {
        ConsumerLatencies histogram = new ConsumerLatencies();
        histogram.window(FROM, TO);
        assertThat(histogram.quantile(0.5)).isEqualTo(-1);

        for (int i = 0; i < 98; i++) {
            histogram.record(FROM + i, FROM + i + 2);
        }
        histogram.record(FROM + 100, FROM + 95);
        histogram.record(FROM, FROM + 10L * ConsumerLatencies.MAX_MILLIS);

        assertThat(histogram.quantile(0.5)).isEqualTo(3);
        assertThat(histogram.quantile(0.01)).isEqualTo(1);
        assertThat(histogram.quantile(1.0)).isEqualTo(ConsumerLatencies.MAX_MILLIS + 1);
    }

    @Test
    void record_whenEnqueuedOutsideTheWindow_orBeforeOneIsSet_thenNotCounted() {
        ConsumerLatencies histogram = new ConsumerLatencies();
        histogram.record(FROM, FROM + 500);
        histogram.window(FROM, TO);

        histogram.record(FROM - 1, FROM + 700);
        histogram.record(TO, TO + 900);
        assertThat(histogram.quantile(0.5)).isEqualTo(-1);

        histogram.record(FROM, FROM + 4);
        histogram.record(TO - 1, TO + 4);
        assertThat(histogram.quantile(1.0)).isEqualTo(6);
    }
}
