package io.manometer.bench;

import java.util.Arrays;

/**
 * Every latency of one round, kept exactly (a round is at most a few hundred thousand requests), so percentiles
 * are read from the sorted samples rather than estimated from buckets.
 */
final class LatencySamples {

    private long[] nanos = new long[1024];
    private int size;

    synchronized void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    synchronized int size() {
        return size;
    }

    /** The percentiles of the samples so far, in milliseconds; all zero without samples. */
    synchronized Percentiles percentiles() {
        if (size == 0) {
            return new Percentiles(0, 0, 0);
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        return new Percentiles(millis(sorted, 0.50), millis(sorted, 0.95), millis(sorted, 0.99));
    }

    /** The nearest-rank percentile: the smallest sample that at least {@code fraction} of the samples do not exceed. */
    private static double millis(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** Latency percentiles of a round in milliseconds. */
    record Percentiles(double p50, double p95, double p99) {
    }
}
