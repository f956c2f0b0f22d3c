package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentiles_are_values_that_were_measured() {
        List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0);

        assertEquals(3.0, Stats.percentile(values, 0.5));
        assertEquals(5.0, Stats.percentile(values, 0.95));
        assertEquals(1.0, Stats.percentile(values, 0.01));
        assertTrue(Double.isNaN(Stats.percentile(List.of(), 0.5)));
    }

    @Test
    void the_median_of_an_even_count_is_the_lower_middle() {
        assertEquals("b", Stats.medianBy(List.of("dddd", "a", "bb", "ccc"), String::length).substring(0, 1));
        assertEquals(2.5, Stats.mean(List.of(2, 3)));
    }
}
