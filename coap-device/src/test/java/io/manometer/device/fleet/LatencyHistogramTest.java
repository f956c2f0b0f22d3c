package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void without_samples_every_percentile_is_nan() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertTrue(Double.isNaN(histogram.percentileMillis(0.5)));
        assertEquals(0, histogram.count());
    }

    @Test
    void small_latencies_are_exact_and_percentiles_use_the_nearest_rank() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 100; micros++) {
            histogram.record(micros * 1000L);
        }

        assertEquals(0.050, histogram.percentileMillis(0.50), 1e-12);
        assertEquals(0.095, histogram.percentileMillis(0.95), 1e-12);
        assertEquals(0.099, histogram.percentileMillis(0.99), 1e-12);
        assertEquals(0.100, histogram.percentileMillis(1.0), 1e-12);
        assertEquals(100, histogram.count());
    }

    @Test
    void larger_latencies_are_within_two_percent_of_the_exact_percentile() {
        SplittableRandom random = new SplittableRandom(42);
        LatencyHistogram histogram = new LatencyHistogram();
        long[] samples = new long[20_000];
        for (int i = 0; i < samples.length; i++) {
            // log-uniform from 0.1 ms to 10 s, the range a loaded fleet sees
            samples[i] = (long) Math.pow(10, 5 + random.nextDouble() * 5);
            histogram.record(samples[i]);
        }
        Arrays.sort(samples);

        for (double fraction : new double[] {0.5, 0.95, 0.99}) {
            double exact = samples[(int) Math.ceil(fraction * samples.length) - 1] / 1e6;
            double estimate = histogram.percentileMillis(fraction);
            assertEquals(exact, estimate, exact * 0.02, "p" + fraction);
        }
    }

    @Test
    void buckets_are_contiguous_and_each_middle_lies_in_its_bucket() {
        int previous = -1;
        for (long micros = 0; micros < 1 << 16; micros++) {
            int bucket = LatencyHistogram.bucket(micros);
            assertTrue(bucket == previous || bucket == previous + 1, "gap at " + micros);
            previous = bucket;
        }
        for (long micros : new long[] {128, 129, 255, 256, 1000, 123_456, 1L << 40, Long.MAX_VALUE / 1000}) {
            int bucket = LatencyHistogram.bucket(micros);
            double middle = LatencyHistogram.middleMicros(bucket);
            assertEquals(bucket, LatencyHistogram.bucket((long) middle), "middle of the bucket of " + micros);
            assertEquals(micros, middle, micros / 64.0, "bucket of " + micros);
        }
    }

    @Test
    void negative_latencies_count_as_zero_and_fractions_outside_the_unit_interval_are_refused() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(-5);

        assertEquals(0.0, histogram.percentileMillis(1.0));
        assertThrows(IllegalArgumentException.class, () -> histogram.percentileMillis(0));
        assertThrows(IllegalArgumentException.class, () -> histogram.percentileMillis(1.5));
    }
}
