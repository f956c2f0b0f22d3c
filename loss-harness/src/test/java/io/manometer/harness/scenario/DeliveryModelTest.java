package io.manometer.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.harness.link.GilbertElliott;
import io.manometer.harness.link.Impairment;
import io.manometer.harness.scenario.DeliveryModel.Interval;
import org.junit.jupiter.api.Test;

class DeliveryModelTest {

    private static final double EXACT = 1e-12;
    private static final double FOUR_PLACES = 5e-5;

    @Test
    void a_perfect_link_delivers_everything_and_a_dead_one_nothing() {
        assertEquals(1.0, DeliveryModel.expected(0, 0, 4), EXACT);
        assertEquals(0.0, DeliveryModel.expected(1, 0, 4), EXACT);
        assertEquals(0.0, DeliveryModel.expected(0, 1, 4), EXACT);
    }

    @Test
    void thirty_percent_loss_both_ways_with_max_retransmit_4_delivers_96_5_percent() {
        // one transmission succeeds with 0.7 * 0.7 = 0.49; five transmissions all fail with 0.51^5
        assertEquals(0.49, DeliveryModel.perAttempt(0.3, 0.3), EXACT);
        assertEquals(1 - Math.pow(0.51, 5), DeliveryModel.expected(0.3, 0.3, 4), EXACT);
        assertEquals(0.965497, DeliveryModel.expected(0.3, 0.3, 4), 1e-6);
    }

    @Test
    void fifty_percent_loss_both_ways_delivers_three_quarters() {
        assertEquals(0.7626953125, DeliveryModel.expected(0.5, 0.5, 4), EXACT);
    }

    @Test
    void the_directions_may_differ_and_max_retransmit_is_the_exponent() {
        assertEquals(1 - Math.pow(1 - 0.9 * 0.8, 5), DeliveryModel.expected(0.1, 0.2, 4), EXACT);
        assertEquals(0.9 * 0.8, DeliveryModel.expected(0.1, 0.2, 0), EXACT);
        assertEquals(1 - Math.pow(0.28, 3), DeliveryModel.expected(0.1, 0.2, 2), EXACT);
    }

    @Test
    void the_wilson_interval_matches_published_values() {
        assertInterval(0.2366, 0.7634, DeliveryModel.wilson(5, 10));
        assertInterval(0.2553, 0.3662, DeliveryModel.wilson(81, 263));
        assertInterval(0.9174, 0.9870, DeliveryModel.wilson(116, 120));
    }

    @Test
    void the_wilson_interval_ends_exactly_at_0_and_1_for_all_or_nothing() {
        Interval none = DeliveryModel.wilson(0, 10);
        Interval all = DeliveryModel.wilson(10, 10);

        assertEquals(0.0, none.low());
        assertEquals(0.2775, none.high(), FOUR_PLACES);
        assertEquals(0.7225, all.low(), FOUR_PLACES);
        assertEquals(1.0, all.high());
        assertFalse(DeliveryModel.miss(1.0, all), "a perfect run agrees with a perfect model");
        assertEquals(new Interval(0, 1), DeliveryModel.wilson(0, 0));
    }

    @Test
    void a_miss_is_an_expected_value_outside_the_measured_interval() {
        Interval measured = DeliveryModel.wilson(90, 120);

        assertTrue(DeliveryModel.miss(0.965, measured));
        assertFalse(DeliveryModel.miss(0.78, measured));
    }

    @Test
    void burst_loss_is_modelled_by_its_stationary_loss() {
        Impairment burstOnly = Impairment.builder().burst(GilbertElliott.of(1, 25)).build();
        Impairment burstAndLoss = Impairment.builder().loss(10).burst(GilbertElliott.of(1, 25)).build();
        Impairment softBurst = Impairment.builder().loss(5).burst(new GilbertElliott(1, 25, 80)).build();

        assertEquals(1.0 / 26, DeliveryModel.effectiveLoss(burstOnly), EXACT);
        assertEquals(1.0 / 26 + 25.0 / 26 * 0.1, DeliveryModel.effectiveLoss(burstAndLoss), EXACT);
        assertEquals(1.0 / 26 * 0.8 + 25.0 / 26 * 0.05, DeliveryModel.effectiveLoss(softBurst), EXACT);
        assertEquals(0.2, DeliveryModel.effectiveLoss(Impairment.builder().loss(20).build()), EXACT);
    }

    @Test
    void nonsense_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> DeliveryModel.expected(1.5, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> DeliveryModel.expected(0.1, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> DeliveryModel.wilson(11, 10));
    }

    private static void assertInterval(double low, double high, Interval actual) {
        assertEquals(low, actual.low(), FOUR_PLACES, "low");
        assertEquals(high, actual.high(), FOUR_PLACES, "high");
    }
}
