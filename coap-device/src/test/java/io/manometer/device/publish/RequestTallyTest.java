package io.manometer.device.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.device.publish.PublishResult.Failed;
import io.manometer.device.publish.PublishResult.FailureKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTallyTest {

    private final RequestTally tally = new RequestTally();
    private final HandshakeWatcher watcher = new HandshakeWatcher(() -> 0);

    @Test
    void a_new_publisher_has_counted_nothing_and_lists_every_failure_kind() {
        PublisherCounters counters = tally.counters(watcher);

        assertEquals(0, counters.requests());
        assertEquals(Map.of(FailureKind.HANDSHAKE_REJECTED, 0L, FailureKind.UNREACHABLE, 0L,
                FailureKind.TIMEOUT, 0L, FailureKind.LOCAL_ERROR, 0L), counters.failures());
    }

    @Test
    void outcomes_are_counted_by_what_came_back() {
        for (int i = 0; i < 5; i++) {
            tally.sent();
        }
        tally.retransmitted();
        tally.retransmitted();
        tally.outcome(new Answered("2.01", true, "", new byte[0], 2, 612.5));
        tally.outcome(new Answered("2.04", true, "", new byte[0], 0, 1.5));
        tally.outcome(new Answered("4.00", false, "bad", new byte[0], 0, 1.5));
        tally.outcome(new Failed("no response", FailureKind.TIMEOUT, 2));

        PublisherCounters counters = tally.counters(watcher);
        assertEquals(5, counters.requests());
        assertEquals(3, counters.answered());
        assertEquals(2, counters.acknowledged());
        assertEquals(2, counters.coapRetransmissions());
        assertEquals(1, counters.timeouts());
        assertEquals(1, counters.failed());
        assertEquals(1, counters.inFlight());
    }
}
