package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.fleet.Fleet;
import io.manometer.device.fleet.FleetOptions;
import io.manometer.device.fleet.FleetResult;
import io.manometer.device.fleet.Workload;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.protocol.PressureReading;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.endpoint.ServerCounters;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet against a real server on loopback: 20 devices with their own identities, each workload in PSK and in a
 * certificate mode, one run after the other against the same server. Whatever the fleet reports as acknowledged
 * the server stored exactly once (no reading answered 2.04, so no seq of a later run collided with an earlier
 * one), and the server completed exactly the handshakes the fleet reports.
 */
class FleetIT {

    private static final int DEVICES = 20;

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback(IntStream.rangeClosed(1, DEVICES)
            .mapToObj(n -> "dev-" + n).toArray(String[]::new)).withConfiguration(ServerConfig::withoutRequestRate);

    private final List<String> progress = new CopyOnWriteArrayList<>();
    private long readings;
    private long handshakes;

    @Test
    void readings_in_a_closed_loop_with_psk_then_an_open_loop_with_x509_are_each_stored_exactly_once()
            throws Exception {
        FleetResult closed = run(options(CredentialMode.PSK, Workload.READINGS).inFlight(2));

        assertNoFailures(closed);
        assertEquals(DEVICES, closed.handshakes());
        assertTrue(closed.readingsAcknowledged() > 0, "nothing acknowledged");
        assertEquals(closed.requests(), closed.readingsAcknowledged());
        assertServerStoredExactlyWhatWasAcknowledged(closed);

        FleetResult open = run(options(CredentialMode.X509, Workload.READINGS).rate(40));

        assertNoFailures(open);
        assertEquals(DEVICES, open.handshakes());
        assertEquals(40, open.requests(), "40 readings/s for 1 s");
        assertEquals(40, open.readingsAcknowledged());
        assertTrue(open.latencyP50Ms() > 0 && open.latencyP50Ms() <= open.latencyP99Ms(), open.toJson());
        assertServerStoredExactlyWhatWasAcknowledged(open);
    }

    @Test
    void a_batch_is_one_senml_pack_per_post_and_every_reading_in_it_is_stored_exactly_once() throws Exception {
        FleetResult result = run(options(CredentialMode.PSK, Workload.READINGS).batch(5));

        assertNoFailures(result);
        assertTrue(result.requests() > 0, "nothing sent");
        assertEquals(5 * result.requests(), result.readingsAcknowledged());
        assertServerStoredExactlyWhatWasAcknowledged(result);
    }

    @Test
    void packs_of_ten_and_of_sixty_four_with_two_in_flight_per_device_go_out_as_one_message_each() throws Exception {
        // block-wise transfers to one URI cancel each other in Californium; one message per pack cannot
        for (int batch : List.of(10, 64)) {
            FleetResult result = run(options(CredentialMode.PSK, Workload.READINGS).batch(batch).inFlight(2));

            assertNoFailures(result);
            assertTrue(result.requests() > 0, batch + ": nothing sent");
            assertEquals(batch * result.requests(), result.readingsAcknowledged());
            assertServerStoredExactlyWhatWasAcknowledged(result);
        }
    }

    @Test
    void every_handshake_workload_request_is_a_full_handshake_the_server_counts() throws Exception {
        for (CredentialMode mode : List.of(CredentialMode.PSK, CredentialMode.RPK)) {
            FleetResult result = run(options(mode, Workload.HANDSHAKES).concurrency(4));

            assertNoFailures(result);
            assertTrue(result.handshakes() > 0, mode + ": no handshake");
            assertEquals(result.requests(), result.handshakes(), mode + ": one full handshake per POST");
            assertEquals(result.requests(), result.readingsAcknowledged());
            assertServerStoredExactlyWhatWasAcknowledged(result);
        }
    }

    @Test
    void the_sessions_workload_opens_each_session_from_a_new_endpoint_and_posts_one_reading() throws Exception {
        for (CredentialMode mode : List.of(CredentialMode.PSK, CredentialMode.X509)) {
            FleetResult result = run(options(mode, Workload.SESSIONS).sessionsPerDevice(2).concurrency(8)
                    .duration(Duration.ofSeconds(20)));

            assertNoFailures(result);
            assertEquals(2 * DEVICES, result.handshakes(), mode + ": one handshake per session");
            assertEquals(2 * DEVICES, result.readingsAcknowledged());
            assertServerStoredExactlyWhatWasAcknowledged(result);
        }
    }

    @Test
    void closing_sessions_ends_each_with_a_close_notify_and_a_reused_identity_handshakes_again() throws Exception {
        FleetResult result = run(options(CredentialMode.PSK, Workload.SESSIONS).sessionsPerDevice(2).concurrency(4)
                .closeSessions(true).duration(Duration.ofSeconds(20)));

        assertNoFailures(result);
        assertEquals(2 * DEVICES, result.handshakes(), "one handshake per session");
        assertEquals(2 * DEVICES, result.readingsAcknowledged());
        assertTrue(progress.stream().anyMatch(line -> line.contains((2 * DEVICES) + " ended with close_notify")),
                () -> String.join("\n", progress));
        assertServerStoredExactlyWhatWasAcknowledged(result);
    }

    @Test
    void a_silent_server_ends_the_ramp_early_and_counts_every_device_as_a_failure() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            URI nowhere = URI.create("coaps://127.0.0.1:" + silent.getLocalPort());
            FleetResult result = Fleet.run(options(CredentialMode.PSK, Workload.READINGS).server(nowhere)
                    .concurrency(4).build(), ShortTimers.device(), progress::add);

            // 4 lanes fail together; a lane may start one more device before the others have reported
            Map<String, Long> failures = result.failuresByKind();
            assertTrue(failures.get("handshake") >= 4 && failures.get("handshake") <= 7, result.toJson());
            assertEquals(DEVICES, failures.get("handshake") + failures.get("not_connected"), result.toJson());
            assertEquals(DEVICES, result.failures());
            assertEquals(0, result.handshakes());
            assertEquals(0, result.requests());
        }
    }

    @Test
    void requests_still_out_after_the_drain_time_are_cancelled_and_counted_as_unfinished() throws Exception {
        Configuration config = DeviceConfig.create(Optional.empty());
        // RFC timers: a handshake with a silent server outlives the run, so only the drain can end it
        config.set(DeviceConfig.FLEET_DRAIN_TIME, 200, TimeUnit.MILLISECONDS);
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            URI nowhere = URI.create("coaps://127.0.0.1:" + silent.getLocalPort());
            FleetResult result = Fleet.run(options(CredentialMode.PSK, Workload.HANDSHAKES).server(nowhere)
                    .concurrency(3).duration(Duration.ofMillis(300)).build(), config, progress::add);

            assertEquals(3, result.failuresByKind().get("unfinished"), result.toJson());
            assertEquals(3, result.failures());
            assertEquals(3, result.requests());
            assertEquals(0, result.readingsAcknowledged());
        }
    }

    private FleetOptions.Builder options(CredentialMode mode, Workload workload) {
        return FleetOptions.builder(server.layout().root()).server(server.uri()).mode(mode).devices(DEVICES)
                .workload(workload).duration(Duration.ofSeconds(1)).threads(2);
    }

    /** A run with the RFC timers: on loopback nothing is lost, and a busy machine does not trip short ones. */
    private FleetResult run(FleetOptions.Builder options) throws Exception {
        return Fleet.run(options.build(), DeviceConfig.create(Optional.empty()), progress::add);
    }

    private void assertNoFailures(FleetResult result) {
        assertEquals(0, result.failures(), () -> result.toJson() + "\n" + String.join("\n", progress));
    }

    /** Cumulative over the test's runs: the server's counters and store must match the fleet's sums exactly. */
    private void assertServerStoredExactlyWhatWasAcknowledged(FleetResult result) {
        readings += result.readingsAcknowledged();
        handshakes += result.handshakes();
        long expectedReadings = readings;
        long expectedHandshakes = handshakes;
        ServerCounters.Snapshot counters = server.countersWhen(s -> s.readingsCreated() == expectedReadings
                && s.handshakesSucceeded() == expectedHandshakes, expectedReadings + " readings created and "
                + expectedHandshakes + " handshakes");
        assertEquals(0, counters.readingsAlreadyStored(), "a fleet reading collided with a stored one");
        assertEquals(expectedReadings, server.store().count());
        Set<String> keys = new HashSet<>();
        server.store().scan(Optional.empty(), (PressureReading reading) -> keys.add(reading.device() + "#"
                + reading.seq()));
        assertEquals(expectedReadings, keys.size());
    }
}
