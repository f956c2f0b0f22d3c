package io.manometer.device.sensor;

import io.manometer.protocol.PressureRange;
import java.util.SplittableRandom;

/**
 * A simulated absolute-pressure transmitter: a seeded random walk around standard atmosphere (101.325 kPa), with
 * a pull back to its set point so it drifts like a real process value instead of wandering off. The same seed gives
 * the same sequence, so test runs and demos are reproducible.
 */
public final class PressureSensor {

    public static final double STANDARD_ATMOSPHERE_KPA = 101.325;
    /** Step size of the walk, about the noise of a 0.1 %-class transmitter at one bar. */
    private static final double STEP_KPA = 0.05;
    /** Fraction of the distance to the set point recovered each step. */
    private static final double PULL = 0.05;

    private final SplittableRandom random;
    private final double setPoint;
    private double value;

    public PressureSensor(long seed, double setPoint) {
        PressureRange.check(setPoint);
        this.random = new SplittableRandom(seed);
        this.setPoint = setPoint;
        this.value = setPoint;
    }

    public PressureSensor(long seed) {
        this(seed, STANDARD_ATMOSPHERE_KPA);
    }

    /** The next reading in kPa, rounded to the transmitter's resolution of 1 Pa. */
    public double read() {
        double step = (random.nextDouble() * 2 - 1) * STEP_KPA;
        value += step + (setPoint - value) * PULL;
        value = Math.max(PressureRange.MIN_KPA, Math.min(PressureRange.MAX_KPA, value));
        return Math.round(value * 1000) / 1000.0;
    }
}
