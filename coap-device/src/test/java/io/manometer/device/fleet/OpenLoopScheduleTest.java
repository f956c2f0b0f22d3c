package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void requests_are_due_evenly_at_the_rate() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(500);

        assertEquals(0, schedule.dueNanos(0));
        assertEquals(2_000_000, schedule.dueNanos(1));
        assertEquals(SECOND, schedule.dueNanos(500));
    }

    @Test
    void the_first_request_is_due_at_once_and_the_count_steps_at_each_due_time() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(500);

        assertEquals(0, schedule.dueBy(-1));
        assertEquals(1, schedule.dueBy(0));
        assertEquals(1, schedule.dueBy(1_999_999));
        assertEquals(2, schedule.dueBy(2_000_000));
        assertEquals(501, schedule.dueBy(SECOND));
    }

    @Test
    void a_window_offers_rate_times_duration_requests() {
        assertEquals(1500, new OpenLoopSchedule(500).total(3 * SECOND));
        assertEquals(25, new OpenLoopSchedule(12.5).total(2 * SECOND));
        assertEquals(1, new OpenLoopSchedule(0.5).total(SECOND));
        assertEquals(0, new OpenLoopSchedule(500).total(0));
    }

    @Test
    void due_counts_agree_with_due_times_for_awkward_rates() {
        for (double rate : new double[] {3, 7.3, 333.333, 1e5}) {
            OpenLoopSchedule schedule = new OpenLoopSchedule(rate);
            for (long index = 0; index < 2000; index++) {
                long due = schedule.dueNanos(index);
                assertEquals(index + 1, schedule.dueBy(due), "rate " + rate + " index " + index);
                assertTrue(due == 0 || schedule.dueBy(due - 1) == index, "rate " + rate + " index " + index);
            }
        }
    }

    @Test
    void a_rate_must_be_positive() {
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0));
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(Double.POSITIVE_INFINITY));
    }
}
