package io.manometer.device.fleet;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the fleet's requests came to, counted as outcomes arrive on many threads: requests sent, readings
 * acknowledged with their latencies, and failures by cause with the first reason of each, so a summary can say not
 * only how many failed but why.
 */
final class FleetTally {

    private final LongAdder requests = new LongAdder();
    private final LongAdder readings = new LongAdder();
    private final Map<FailureCause, LongAdder> failures = new EnumMap<>(FailureCause.class);
    private final Map<FailureCause, String> firstReasons = new ConcurrentHashMap<>();
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final AtomicLong lastOutcomeNanos = new AtomicLong(Long.MIN_VALUE);

    FleetTally() {
        for (FailureCause cause : FailureCause.values()) {
            failures.put(cause, new LongAdder());
        }
    }

    void sent() {
        requests.increment();
    }

    void acknowledged(int readingCount, long latencyNanos, long nowNanos) {
        readings.add(readingCount);
        latencies.record(latencyNanos);
        outcome(nowNanos);
    }

    void failed(FailureCause cause, String reason, long nowNanos) {
        failedAtOnce(cause, reason, 1);
        outcome(nowNanos);
    }

    /** Counts {@code count} failures at once, e.g. the devices a ramp never reached; 0 counts nothing. */
    void failedAtOnce(FailureCause cause, String reason, long count) {
        if (count > 0) {
            failures.get(cause).add(count);
            firstReasons.putIfAbsent(cause, reason);
        }
    }

    /** An answer that is neither a reading nor a failure (a ramp's GET): only its time counts. */
    void outcome(long nowNanos) {
        lastOutcomeNanos.accumulateAndGet(nowNanos, Math::max);
    }

    long requests() {
        return requests.sum();
    }

    long readings() {
        return readings.sum();
    }

    long failures() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Every cause, in declaration order, with its count (0 included), keyed for JSON. */
    Map<String, Long> failuresByKind() {
        Map<String, Long> byKind = new LinkedHashMap<>();
        failures.forEach((cause, count) -> byKind.put(cause.key(), count.sum()));
        return byKind;
    }

    /** The first reason seen for each cause that occurred, e.g. {@code 4.00 SenML pack holds ...}. */
    Map<FailureCause, String> firstReasons() {
        Map<FailureCause, String> reasons = new EnumMap<>(FailureCause.class);
        reasons.putAll(firstReasons);
        return reasons;
    }

    LatencyHistogram latencies() {
        return latencies;
    }

    /** {@link System#nanoTime()} of the latest outcome, or {@code fallback} if there was none. */
    long lastOutcomeNanos(long fallback) {
        long last = lastOutcomeNanos.get();
        return last == Long.MIN_VALUE ? fallback : last;
    }
}
