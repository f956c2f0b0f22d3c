package io.manometer.device.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.PressureRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PressureSensorTest {

    private static final int READS = 10_000;

    @Test
    void the_same_seed_gives_the_same_sequence() {
        assertEquals(readings(new PressureSensor(42), READS), readings(new PressureSensor(42), READS));
    }

    @Test
    void different_seeds_give_different_sequences() {
        assertNotEquals(readings(new PressureSensor(1), 100), readings(new PressureSensor(2), 100));
    }

    @Test
    void readings_stay_in_range_and_near_standard_atmosphere() {
        for (long seed = 0; seed < 10; seed++) {
            double sum = 0;
            for (double kPa : readings(new PressureSensor(seed), READS)) {
                PressureRange.check(kPa);
                assertTrue(kPa >= 95 && kPa <= 108, "seed " + seed + ": " + kPa);
                sum += kPa;
            }
            double mean = sum / READS;
            assertEquals(PressureSensor.STANDARD_ATMOSPHERE_KPA, mean, 0.5, "seed " + seed);
        }
    }

    @Test
    void readings_have_a_resolution_of_one_pascal() {
        for (double kPa : readings(new PressureSensor(7), 1000)) {
            assertEquals(Math.rint(kPa * 1000), kPa * 1000, 1e-6, String.valueOf(kPa));
        }
    }

    @Test
    void readings_follow_another_set_point() {
        for (double kPa : readings(new PressureSensor(3, 500.0), READS)) {
            assertTrue(kPa > 490 && kPa < 510, String.valueOf(kPa));
        }
    }

    @Test
    void readings_near_vacuum_never_go_negative() {
        for (double kPa : readings(new PressureSensor(5, 0.0), READS)) {
            assertTrue(kPa >= PressureRange.MIN_KPA, String.valueOf(kPa));
        }
    }

    @Test
    void an_impossible_set_point_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new PressureSensor(1, -1.0));
        assertThrows(IllegalArgumentException.class, () -> new PressureSensor(1, Double.NaN));
    }

    private static List<Double> readings(PressureSensor sensor, int count) {
        List<Double> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(sensor.read());
        }
        return values;
    }
}
