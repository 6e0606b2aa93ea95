package io.roost.bench.compare;

import java.util.List;
import java.util.Locale;

/**
 * Median and range of a few values, as the comparison table prints them. Immutable.
 */
record Median(double median, double min, double max) {

    static Median of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Median(median, sorted[0], sorted[n - 1]);
    }

    /** {@code 123,456 (120,001-130,000)} with {@code decimals} after the point; one value prints alone. */
    String format(int decimals) {
        String pattern = "%,." + decimals + "f";
        String m = String.format(Locale.ROOT, pattern, median);
        if (min == max) {
            return m;
        }
        return m + " (" + String.format(Locale.ROOT, pattern, min) + "-" + String.format(Locale.ROOT, pattern, max) + ")";
    }
}
