package io.manometer.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearest_rank_returns_a_measured_value() {
        List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0);

        assertEquals(3.0, Percentiles.of(values, 0.5));
        assertEquals(5.0, Percentiles.of(values, 0.95));
        assertEquals(1.0, Percentiles.of(values, 0.1));
        assertEquals(2.0, Percentiles.of(List.of(1.0, 2.0, 3.0, 4.0), 0.5));
    }

    @Test
    void no_values_have_no_percentile() {
        assertTrue(Double.isNaN(Percentiles.of(List.of(), 0.5)));
    }
}
