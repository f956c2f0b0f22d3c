package io.manometer.harness.compare;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/** Nearest-rank percentiles (the value at rank ⌈q·n⌉), because a report should name values that were measured. */
final class Stats {

    private Stats() {
    }

    /** The {@code q}-quantile (0 < q ≤ 1) of {@code values}; NaN when there are none. */
    static double percentile(Collection<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    /** The element at the nearest-rank median of {@code key}, e.g. the trace of median size. */
    static <T> T medianBy(List<T> values, ToIntFunction<T> key) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<T> sorted = values.stream().sorted(Comparator.comparingInt(key)).toList();
        return sorted.get((sorted.size() + 1) / 2 - 1);
    }

    static double mean(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).average().orElse(Double.NaN);
    }
}
