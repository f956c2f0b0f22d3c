package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetOptionsTest {

    private static final Path CREDENTIALS = Path.of("credentials");

    @Test
    void defaults_are_ten_psk_devices_reading_in_a_closed_loop_for_ten_seconds() {
        FleetOptions options = FleetOptions.builder(CREDENTIALS).build();

        assertEquals(CREDENTIALS, options.credentials());
        assertEquals(URI.create("coaps://127.0.0.1:5684"), options.server());
        assertEquals(CredentialMode.PSK, options.mode());
        assertEquals(10, options.devices());
        assertEquals(1, options.firstDevice());
        assertEquals(Workload.READINGS, options.workload());
        assertEquals(0.0, options.rate());
        assertEquals(Duration.ofSeconds(10), options.duration());
        assertEquals(32, options.concurrency());
        assertEquals(1, options.inFlight());
        assertEquals(1, options.batch());
        assertEquals(1, options.sessionsPerDevice());
        assertEquals(Runtime.getRuntime().availableProcessors(), options.threads());
        assertEquals(5684, options.serverPort());
    }

    @Test
    void the_builder_sets_every_field_and_round_trips() {
        FleetOptions options = FleetOptions.builder(CREDENTIALS).server(URI.create("coaps://[::1]:15684"))
                .mode(CredentialMode.X509).devices(10_000).firstDevice(101).workload(Workload.SESSIONS).rate(500)
                .duration(Duration.ofMinutes(2)).concurrency(64).inFlight(4).batch(10).sessionsPerDevice(10)
                .threads(3).build();

        assertEquals(options, options.toBuilder().build());
        assertEquals(15684, options.serverPort());
        assertEquals(10_000, options.devices());
        assertEquals(101, options.firstDevice());
        assertEquals(500.0, options.rate());
        assertEquals(10, options.sessionsPerDevice());
    }

    @Test
    void counts_below_one_a_negative_rate_and_an_empty_duration_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> FleetOptions.builder(CREDENTIALS).devices(0).build());
        assertThrows(IllegalArgumentException.class, () -> FleetOptions.builder(CREDENTIALS).firstDevice(0).build());
        assertThrows(IllegalArgumentException.class, () -> FleetOptions.builder(CREDENTIALS).concurrency(0).build());
        assertThrows(IllegalArgumentException.class, () -> FleetOptions.builder(CREDENTIALS).inFlight(0).build());
        assertThrows(IllegalArgumentException.class, () -> FleetOptions.builder(CREDENTIALS).batch(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> FleetOptions.builder(CREDENTIALS).sessionsPerDevice(0).build());
        assertThrows(IllegalArgumentException.class, () -> FleetOptions.builder(CREDENTIALS).threads(0).build());
        assertThrows(IllegalArgumentException.class, () -> FleetOptions.builder(CREDENTIALS).rate(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> FleetOptions.builder(CREDENTIALS).rate(Double.NaN).build());
        assertThrows(IllegalArgumentException.class,
                () -> FleetOptions.builder(CREDENTIALS).duration(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class,
                () -> FleetOptions.builder(CREDENTIALS).server(URI.create("coap://127.0.0.1")).build());
    }

    @Test
    void a_batch_that_cannot_go_out_in_one_message_is_refused_with_the_maximum() {
        assertEquals(64, FleetOptions.builder(CREDENTIALS).batch(64).build().batch());

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> FleetOptions.builder(CREDENTIALS).batch(65).build());
        assertEquals("batch 65 does not fit one CoAP message: at most 64 readings per POST", refused.getMessage());
    }

    @Test
    void sessions_are_left_to_the_server_unless_asked_and_the_old_constructor_still_works() {
        FleetOptions options = FleetOptions.builder(CREDENTIALS).build();
        FleetOptions legacy = new FleetOptions(CREDENTIALS, options.server(), options.mode(), options.devices(),
                options.firstDevice(), options.workload(), options.rate(), options.duration(), options.concurrency(),
                options.inFlight(), options.batch(), options.sessionsPerDevice(), options.threads());

        assertFalse(options.closeSessions());
        assertEquals(options, legacy);
        assertTrue(options.toBuilder().closeSessions(true).build().toBuilder().build().closeSessions());
    }
}
