package io.manometer.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored pressure reading. {@code (device, seq)} identifies it: a device's seq only grows, so a re-sent reading
 * is recognised as the same one and stored once.
 */
public record PressureReading(DeviceId device, long seq, double kPa, Instant ts) {

    public PressureReading {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(ts, "ts");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        PressureRange.check(kPa);
    }
}
