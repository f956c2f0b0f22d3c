package io.manometer.device.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.device.publish.PublisherCounters.Handshake;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HandshakeWatcherTest {

    private static final long MS = 1_000_000;

    private final AtomicLong now = new AtomicLong();
    private final HandshakeWatcher watcher = new HandshakeWatcher(now::get);
    private final RequestTally tally = new RequestTally();

    @Test
    void a_clean_handshake_counts_once_with_its_duration() {
        Object handshake = new Object();
        watcher.started(handshake);
        now.addAndGet(42 * MS);

        watcher.ended(handshake, true);

        PublisherCounters counters = tally.counters(watcher);
        assertEquals(1, counters.handshakesStarted());
        assertEquals(1, counters.handshakesSucceeded());
        assertEquals(0, counters.handshakesFailed());
        assertEquals(0, counters.dtlsFlightRetransmissions());
        assertEquals(List.of(new Handshake(true, 42.0, 0)), counters.recentHandshakes());
        assertEquals(42.0, watcher.lastHandshakeMillis());
    }

    @Test
    void flight_retransmissions_belong_to_their_own_handshake() {
        Object first = new Object();
        Object second = new Object();
        watcher.started(first);
        watcher.flightRetransmitted(first);
        watcher.flightRetransmitted(first);
        watcher.ended(first, false);
        watcher.started(second);
        watcher.flightRetransmitted(second);
        now.addAndGet(3 * MS);

        watcher.ended(second, true);

        PublisherCounters counters = tally.counters(watcher);
        assertEquals(3, counters.dtlsFlightRetransmissions());
        assertEquals(1, counters.handshakesFailed());
        assertEquals(List.of(new Handshake(false, 0.0, 2), new Handshake(true, 3.0, 1)),
                counters.recentHandshakes());
    }

    @Test
    void a_failure_reported_after_completion_is_not_counted_again() {
        Object handshake = new Object();
        watcher.started(handshake);
        watcher.ended(handshake, true);

        watcher.ended(handshake, false);

        assertEquals(1, watcher.succeeded());
        assertEquals(0, watcher.failed());
        assertEquals(1, watcher.recent().size());
    }

    @Test
    void before_any_handshake_the_last_duration_is_unknown() {
        assertEquals(-1.0, watcher.lastHandshakeMillis());
        assertEquals(List.of(), watcher.recent());
    }

    @Test
    void only_the_most_recent_handshakes_are_kept_but_all_are_counted() {
        for (int i = 0; i < HandshakeWatcher.RECENT + 5; i++) {
            Object handshake = new Object();
            watcher.started(handshake);
            now.addAndGet(i * MS);
            watcher.ended(handshake, true);
        }

        List<Handshake> recent = watcher.recent();
        assertEquals(HandshakeWatcher.RECENT + 5, watcher.succeeded());
        assertEquals(HandshakeWatcher.RECENT, recent.size());
        assertEquals(5.0, recent.get(0).millis());
        assertEquals(HandshakeWatcher.RECENT + 4.0, recent.get(recent.size() - 1).millis());
    }
}
