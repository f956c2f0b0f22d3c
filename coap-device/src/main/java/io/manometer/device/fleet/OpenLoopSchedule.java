package io.manometer.device.fleet;

/**
 * When each request of an open-loop run is due: request {@code i} at {@code i / rate} seconds after the start,
 * whatever happened to the ones before. Sending on this schedule, and measuring latency from the due time rather
 * than from the actual send, keeps a slow server from slowing the load that measures it (no coordinated omission).
 * Pure arithmetic on nanosecond offsets, so the pacing is tested without a clock.
 */
final class OpenLoopSchedule {

    private final double rate;

    /** {@code rate} requests per second over the whole fleet; must be positive. */
    OpenLoopSchedule(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be positive, not " + rate);
        }
        this.rate = rate;
    }

    /** Nanoseconds after the start at which request {@code index} (from 0) is due. */
    long dueNanos(long index) {
        return (long) Math.ceil(index * 1e9 / rate);
    }

    /** How many requests are due by {@code elapsedNanos} after the start (request 0 is due at once). */
    long dueBy(long elapsedNanos) {
        if (elapsedNanos < 0) {
            return 0;
        }
        long count = (long) Math.floor(elapsedNanos * rate / 1e9) + 1;
        // floating point may put the boundary one request off; dueNanos is the definition
        while (count > 0 && dueNanos(count - 1) > elapsedNanos) {
            count--;
        }
        while (dueNanos(count) <= elapsedNanos) {
            count++;
        }
        return count;
    }

    /** Requests due in a window of {@code windowNanos}: the load an open-loop run of that length offers. */
    long total(long windowNanos) {
        return windowNanos <= 0 ? 0 : dueBy(windowNanos - 1);
    }
}
