package io.manometer.harness.scenario;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.time.Instant;

/**
 * Gives every reading of a scenario an identity the server cannot rewrite: its value. With {@code text/plain} the
 * server assigns seq itself, so a reading stored twice would get two seqs; its value, {@code 100 + n/1000} kPa for
 * the device's n-th reading, still says which reading it was, and so what was stored twice or not at all.
 */
final class ReadingIdentity {

    /** Where every device's first reading is taken; readings are 1 ms apart. */
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Readings are {@code (BASE + n) / SCALE} kPa: one exact division, so the value prints as a short decimal. */
    private static final long BASE = 100_000;
    private static final double SCALE = 1000;

    private ReadingIdentity() {
    }

    /** The device's n-th reading (0-based), with seq n for the formats that carry one. */
    static PressureReading reading(DeviceId device, long n) {
        return new PressureReading(device, n, kPa(n), T0.plusMillis(n));
    }

    static double kPa(long n) {
        return (BASE + n) / SCALE;
    }

    /** Which reading a stored value is; exact for every n below {@link Scenario#MAX_READINGS}. */
    static long identity(double kPa) {
        return Math.round(kPa * SCALE) - BASE;
    }
}
