package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetTallyTest {

    @Test
    void failures_are_counted_by_cause_with_every_cause_listed_and_the_first_reason_kept() {
        FleetTally tally = new FleetTally();
        tally.failed(FailureCause.REJECTED_4XX, "4.00 first", 10);
        tally.failed(FailureCause.REJECTED_4XX, "4.00 second", 20);
        tally.failedAtOnce(FailureCause.NOT_CONNECTED, "7 devices not reached", 7);
        tally.failedAtOnce(FailureCause.TIMEOUT, "never counted", 0);

        Map<String, Long> byKind = tally.failuresByKind();
        assertEquals(List.of("handshake", "timeout", "rejected_4xx", "rejected_5xx", "local", "unfinished",
                "not_connected"), List.copyOf(byKind.keySet()));
        assertEquals(2L, byKind.get("rejected_4xx"));
        assertEquals(7L, byKind.get("not_connected"));
        assertEquals(0L, byKind.get("timeout"));
        assertEquals(9, tally.failures());
        assertEquals("4.00 first", tally.firstReasons().get(FailureCause.REJECTED_4XX));
        assertEquals(Map.of(FailureCause.REJECTED_4XX, "4.00 first", FailureCause.NOT_CONNECTED,
                "7 devices not reached"), tally.firstReasons());
    }

    @Test
    void acknowledged_requests_count_their_readings_and_the_last_outcome_time() {
        FleetTally tally = new FleetTally();
        tally.sent();
        tally.sent();
        tally.acknowledged(5, 2_000_000, 100);
        tally.acknowledged(5, 4_000_000, 50);

        assertEquals(2, tally.requests());
        assertEquals(10, tally.readings());
        assertEquals(2, tally.latencies().count());
        assertEquals(100, tally.lastOutcomeNanos(-1));
        assertEquals(-1, new FleetTally().lastOutcomeNanos(-1));
    }
}
