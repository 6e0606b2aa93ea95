package io.roost.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void valueAt_whenSmallValues_thenExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            histogram.record(v);
        }

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.valueAt(0.5)).isEqualTo(50);
        assertThat(histogram.valueAt(0.99)).isEqualTo(99);
        assertThat(histogram.valueAt(0.999)).isEqualTo(100);
        assertThat(histogram.valueAt(1.0)).isEqualTo(100);
        assertThat(histogram.maxNanos()).isEqualTo(100);
    }

    @Test
    void valueAt_whenLogNormalLatencies_thenWithinOnePercentOfTheSortedSamples() {
        Random random = new Random(42);
        long[] samples = new long[200_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < samples.length; i++) {
            // Around 1 ms with a long tail up to seconds.
            samples[i] = (long) Math.exp(13.8 + 1.5 * random.nextGaussian());
            histogram.record(samples[i]);
        }
        Arrays.sort(samples);

        for (double q : new double[] {0.01, 0.5, 0.9, 0.99, 0.999, 0.9999}) {
            long exact = samples[(int) Math.ceil(q * samples.length) - 1];
            assertThat((double) histogram.valueAt(q)).as("quantile %s", q)
                    .isGreaterThanOrEqualTo(exact)
                    .isCloseTo(exact, within(exact / 128.0 + 1));
        }
        assertThat(histogram.maxNanos()).isEqualTo(samples[samples.length - 1]);
        assertThat(histogram.valueAt(1.0)).isEqualTo(samples[samples.length - 1]);
    }

    @Test
    void indexOf_whenEveryBucketBoundary_thenUpperBoundMapsBackAndNextStartsANewBucket() {
        long previousUpper = -1;
        for (int index = 0; index <= LatencyHistogram.indexOf(LatencyHistogram.MAX_VALUE); index++) {
            long upper = LatencyHistogram.upperBound(index);
            assertThat(LatencyHistogram.indexOf(upper)).isEqualTo(index);
            assertThat(LatencyHistogram.indexOf(previousUpper + 1)).isEqualTo(index);
            // Bucket width never exceeds 1/128 of its values.
            assertThat(upper - previousUpper - 1).isLessThanOrEqualTo(Math.max(0, (previousUpper + 1) / 128));
            previousUpper = upper;
        }
        assertThat(previousUpper).isEqualTo(LatencyHistogram.MAX_VALUE);
    }

    @Test
    void add_whenTwoLoopsMerged_thenAsIfOneRecordedEverything() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        LatencyHistogram both = new LatencyHistogram();
        for (long v = 1; v < 1_000_000; v += 997) {
            (v % 2 == 0 ? a : b).record(v);
            both.record(v);
        }

        a.add(b);

        assertThat(a.count()).isEqualTo(both.count());
        assertThat(a.maxNanos()).isEqualTo(both.maxNanos());
        for (double q : new double[] {0.5, 0.99, 0.999}) {
            assertThat(a.valueAt(q)).isEqualTo(both.valueAt(q));
        }
    }

    @Test
    void record_whenNegativeOrHuge_thenClampedAndEmptyIsZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.valueAt(0.99)).isZero();

        histogram.record(-5);
        histogram.record(Long.MAX_VALUE);

        assertThat(histogram.valueAt(0.5)).isZero();
        assertThat(histogram.maxNanos()).isEqualTo(LatencyHistogram.MAX_VALUE);
        histogram.reset();
        assertThat(histogram.count()).isZero();
    }
}
