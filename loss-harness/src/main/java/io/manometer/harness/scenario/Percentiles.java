package io.manometer.harness.scenario;

import java.util.Collection;

/** Nearest-rank percentiles, the definition that always returns a value that was measured. */
final class Percentiles {

    private Percentiles() {
    }

    /** The {@code q}-quantile (0 < q <= 1) of {@code values}; NaN when there are none. */
    static double of(Collection<Double> values, double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + q);
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
