package io.manometer.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NAT rebinding against the real server: with a DTLS connection id (RFC 9146, on by default) a device keeps its
 * session however often its port changes; without one, the server drops what comes from the new port and the
 * device, never told, times out. No loss here, so every count is exact.
 */
class ConnectionIdRebindingIT extends ScenarioTestSupport {

    /** A new port after every 5 upstream datagrams: the 3 of the handshake and the first 2 POSTs share the first. */
    private static final int REBIND_EVERY = 5;

    @ParameterizedTest
    @EnumSource(value = CredentialMode.class, names = {"PSK", "X509"})
    void with_a_connection_id_the_session_survives_every_port_change(CredentialMode mode) throws Exception {
        ScenarioResult result = run(Scenario.builder(mode).rebindEvery(REBIND_EVERY).devices(2).readings(20)
                .build());

        assertEquals(40, result.readings().acked(), () -> row(result));
        assertEquals(0, result.readings().timeouts(), () -> row(result));
        assertEquals(2, result.handshakes().started(), () -> "one handshake per device, never again; " + row(result));
        assertEquals(2, result.server().handshakesStarted(), () -> row(result));
        // 23 upstream datagrams per device: new ports before the 6th, 11th, 16th and 21st
        assertTrue(result.link().rebinds() >= 8, () -> row(result));
    }

    @Test
    void without_a_connection_id_the_server_drops_the_moved_session_and_the_device_times_out() throws Exception {
        // CoAP gives up after 3 transmissions (about 2 s) instead of 5, to keep the timeouts short
        Timers quickGiveUp = new Timers("test", Duration.ofMillis(200), 1.5f, 2, Duration.ofMillis(200),
                Duration.ofSeconds(2), 10, Optional.empty());
        ScenarioResult result = run(Scenario.builder(CredentialMode.PSK).rebindEvery(REBIND_EVERY).cid(false)
                .devices(1).readings(4).timers(quickGiveUp).build());

        ScenarioResult.Readings readings = result.readings();
        assertEquals(2, readings.acked(), () -> "the two POSTs before the first port change; " + row(result));
        assertEquals(2, readings.timeouts(), () -> row(result));
        assertEquals(0, readings.ackedNotStored(), () -> row(result));
        assertEquals(2, readings.stored(), () -> "nothing from the new port reached the store; " + row(result));
        assertEquals(1, result.handshakes().started(), () -> "Californium does not handshake again by itself; "
                + row(result));
        // each timed-out POST was sent 3 times from a port the server has no session for
        assertTrue(result.server().recordsDropped() >= 6, () -> row(result));
        assertTrue(result.link().rebinds() >= 1, () -> row(result));
    }
}
