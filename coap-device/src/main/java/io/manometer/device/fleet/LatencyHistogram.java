package io.manometer.device.fleet;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies of a whole run in fixed memory, recorded lock-free from any thread: a fleet may see millions of
 * requests, too many to keep each sample. Values are counted in microsecond buckets that are exact below 128 µs
 * and 1/64 (1.6 %) wide above, so a percentile is off by at most 1.6 % of its value.
 * <pre>
 *   µs:     0 1 2 … 127 | 128-129 … 254-255 | 256-259 … | …
 *   bucket: 0 1 2 … 127 | 128     … 191     | 192     … | 64 per power of two
 * </pre>
 */
final class LatencyHistogram {

    /** Buckets per power of two above the exact range; sets the resolution (1 / 64). */
    private static final int SUB_BUCKETS = 64;
    private static final int EXACT = 2 * SUB_BUCKETS;
    private static final int MAX_SHIFT = Long.SIZE - 7;

    private final AtomicLongArray counts = new AtomicLongArray(SUB_BUCKETS * (MAX_SHIFT + 1) + SUB_BUCKETS);
    private final LongAdder total = new LongAdder();

    /** Records one latency; negative values count as 0. */
    void record(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        counts.incrementAndGet(bucket(micros));
        total.increment();
    }

    long count() {
        return total.sum();
    }

    /**
     * The nearest-rank percentile in milliseconds: the value at or below which {@code fraction} of the samples lie,
     * as the middle of its bucket (exact below 128 µs). NaN without samples.
     */
    double percentileMillis(double fraction) {
        if (fraction <= 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in (0, 1], not " + fraction);
        }
        long[] snapshot = new long[counts.length()];
        long samples = 0;
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = counts.get(i);
            samples += snapshot[i];
        }
        if (samples == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * samples));
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return middleMicros(i) / 1000.0;
            }
        }
        return middleMicros(snapshot.length - 1) / 1000.0;
    }

    static int bucket(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int shift = (Long.SIZE - 1 - Long.numberOfLeadingZeros(micros)) - 6;
        return SUB_BUCKETS * shift + (int) (micros >>> shift);
    }

    /** The middle of bucket {@code index} in microseconds; the value itself in the exact range. */
    static double middleMicros(int index) {
        if (index < EXACT) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long sub = index - (long) SUB_BUCKETS * shift;
        double width = Math.scalb(1.0, shift);
        // the bucket holds sub × width .. (sub + 1) × width - 1
        return sub * width + (width - 1) / 2;
    }
}
