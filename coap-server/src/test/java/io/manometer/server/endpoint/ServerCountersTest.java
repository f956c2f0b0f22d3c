package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.server.resource.ReadingIngest;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ServerCountersTest {

    private static final PressureReading READING = new PressureReading(DeviceId.of("dev-1"), 1, 101.3,
            Instant.parse("2026-11-22T10:00:00Z"));

    private final ServerCounters counters = new ServerCounters();

    @Test
    void a_new_server_has_counted_nothing() {
        assertEquals(new ServerCounters.Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                counters.snapshot());
    }

    @Test
    void every_event_lands_in_its_own_counter() {
        counters.handshakeStarted();
        counters.handshakeStarted();
        counters.handshakeEnded(true);
        counters.handshakeEnded(false);
        counters.datagramReceived();
        counters.recordDropped();
        counters.replayedRecord(true);
        counters.replayedRecord(false);
        counters.macError();
        counters.requestReceived(false);
        counters.requestReceived(true);
        counters.responseSent(2, false);
        counters.responseSent(4, false);
        counters.responseSent(5, false);
        counters.responseSent(2, true);
        counters.readingStored(new ReadingIngest.Created(READING));
        counters.readingStored(new ReadingIngest.AlreadyStored(READING));
        counters.sessionReplaced();

        assertEquals(new ServerCounters.Snapshot(2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
                counters.snapshot());
    }

    @Test
    void minus_gives_what_happened_in_between() {
        counters.requestReceived(false);
        ServerCounters.Snapshot before = counters.snapshot();
        counters.requestReceived(false);
        counters.requestReceived(true);

        ServerCounters.Snapshot delta = counters.snapshot().minus(before);

        assertEquals(1, delta.requestsReceived());
        assertEquals(1, delta.duplicateRequests());
        assertEquals(0, delta.handshakesStarted());
    }

    @Test
    void the_short_constructor_counts_no_replaced_session() {
        assertEquals(new ServerCounters.Snapshot(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                new ServerCounters.Snapshot(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void summary_is_one_line_naming_replays_and_duplicates() {
        counters.replayedRecord(true);
        counters.requestReceived(true);

        String summary = counters.snapshot().summary();

        assertFalse(summary.contains("\n"));
        assertTrue(summary.contains("(1 replayed, 0 replayed but passed)"), summary);
        assertTrue(summary.contains("requests 0, 1 duplicate"), summary);
    }

    @Test
    void when_completes_once_the_condition_holds() throws Exception {
        CompletableFuture<ServerCounters.Snapshot> twoDrops = counters.when(s -> s.replayedRecordsDropped() >= 2);
        counters.replayedRecord(true);
        assertFalse(twoDrops.isDone());

        counters.replayedRecord(true);

        assertEquals(2, twoDrops.get(5, TimeUnit.SECONDS).replayedRecordsDropped());
    }

    @Test
    void when_completes_at_once_if_the_condition_already_holds() throws Exception {
        counters.macError();

        assertTrue(counters.when(s -> s.macErrors() == 1).isDone());
    }

    @Test
    void a_wait_bounded_by_a_timeout_fails_with_a_timeout_and_counting_goes_on() {
        CompletableFuture<ServerCounters.Snapshot> never = counters.when(s -> false)
                .orTimeout(10, TimeUnit.MILLISECONDS);

        ExecutionException failure = assertThrows(ExecutionException.class, () -> never.get(5, TimeUnit.SECONDS));

        assertInstanceOf(TimeoutException.class, failure.getCause());
        counters.macError();
        assertEquals(1, counters.snapshot().macErrors());
    }

    @Test
    void a_condition_that_throws_fails_its_wait() {
        counters.macError();

        CompletableFuture<ServerCounters.Snapshot> broken = counters.when(s -> {
            throw new IllegalStateException("bug in the condition");
        });

        assertTrue(broken.isCompletedExceptionally());
    }
}
