package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CountingDtlsHealthTest {

    private final ServerCounters counters = new ServerCounters();
    private final CountingDtlsHealth health = new CountingDtlsHealth(counters);

    @Test
    void is_enabled_so_the_connector_keeps_it() {
        assertTrue(health.isEnabled());
    }

    @Test
    void handshakes_are_counted_by_outcome() {
        health.startHandshake();
        health.startHandshake();
        health.startHandshake();
        health.endHandshake(true);
        health.endHandshake(false);

        ServerCounters.Snapshot snapshot = counters.snapshot();
        assertEquals(3, snapshot.handshakesStarted());
        assertEquals(1, snapshot.handshakesSucceeded());
        assertEquals(1, snapshot.handshakesFailed());
    }

    @Test
    void received_datagrams_drops_and_mac_errors_are_told_apart() {
        health.receivingRecord(false);
        health.receivingRecord(false);
        health.receivingRecord(true);
        health.receivingMacError();

        ServerCounters.Snapshot snapshot = counters.snapshot();
        assertEquals(2, snapshot.datagramsReceived());
        assertEquals(1, snapshot.recordsDropped());
        assertEquals(1, snapshot.macErrors());
    }

    @Test
    void sending_and_gauges_count_nothing() {
        health.sendingRecord(false);
        health.sendingRecord(true);
        health.setConnections(5);
        health.setPendingIncomingJobs(3);
        health.dump();

        assertEquals(new ServerCounters().snapshot(), counters.snapshot());
    }
}
