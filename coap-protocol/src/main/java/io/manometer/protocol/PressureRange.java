package io.manometer.protocol;

/**
 * The physically plausible range of an absolute pressure reading. Zero is a perfect vacuum; 100 000 kPa (1 kbar)
 * is above any industrial process transmitter we serve, so anything outside is a broken sensor or a hostile peer.
 */
public final class PressureRange {

    public static final double MIN_KPA = 0.0;
    public static final double MAX_KPA = 100_000.0;

    private PressureRange() {
    }

    /** Throws {@link IllegalArgumentException} with a diagnostic when {@code kPa} is not a storable reading. */
    public static void check(double kPa) {
        if (!Double.isFinite(kPa)) {
            throw new IllegalArgumentException("kPa must be a finite number, got " + kPa);
        }
        if (kPa < MIN_KPA || kPa > MAX_KPA) {
            throw new IllegalArgumentException("kPa out of range: " + kPa + " (allowed " + (long) MIN_KPA + " to "
                    + (long) MAX_KPA + ")");
        }
    }
}
