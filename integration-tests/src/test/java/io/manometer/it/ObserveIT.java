package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.protocol.PressureReading;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Observe (RFC 7641) on {@code /pressure} and on one device's history: a new reading notifies exactly the
 * observers allowed to see it, whose query it matches; a device reads only its own readings unless it is an
 * observer.
 */
class ObserveIT {

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2", "dev-3", "dashboard")
            .withObservers("dashboard");

    @Test
    void every_new_reading_notifies_an_observer_of_the_latest_readings() {
        Device dashboard = server.device("dashboard", CredentialMode.PSK);
        Device dev1 = server.device("dev-1", CredentialMode.PSK);
        Device dev2 = server.device("dev-2", CredentialMode.X509);
        Observation latest = dashboard.observe("");
        assertEquals(List.of(), latest.nextReadings());

        for (long seq = 1; seq <= 3; seq++) {
            assertEquals("2.01", dev1.post(dev1.reading(seq, 100 + seq)).code());
            assertEquals(List.of(dev1.reading(seq, 100 + seq)), latest.nextReadings());
        }
        assertEquals("2.01", dev2.post(dev2.reading(1, 250)).code());
        assertEquals(List.of(dev1.reading(3, 103), dev2.reading(1, 250)), latest.nextReadings());
    }

    @Test
    void a_repeated_reading_notifies_no_one() {
        Device dashboard = server.device("dashboard", CredentialMode.PSK);
        Device dev1 = server.device("dev-1", CredentialMode.PSK);
        Observation latest = dashboard.observe("");
        latest.nextReadings();

        assertEquals("2.01", dev1.post(dev1.reading(1, 101)).code());
        assertEquals(List.of(dev1.reading(1, 101)), latest.nextReadings());
        assertEquals("2.04", dev1.post(dev1.reading(1, 101)).code());
        assertEquals("2.01", dev1.post(dev1.reading(2, 102)).code());

        assertEquals(List.of(dev1.reading(2, 102)), latest.nextReadings(), "the 2.04 must not have notified");
    }

    @Test
    void a_history_observer_hears_only_about_its_device() {
        Device dashboard = server.device("dashboard", CredentialMode.RPK);
        Device dev1 = server.device("dev-1", CredentialMode.PSK);
        Device dev2 = server.device("dev-2", CredentialMode.PSK);
        Observation history = dashboard.observe("device=dev-1&limit=2");
        assertEquals(List.of(), history.nextReadings());

        assertEquals("2.01", dev2.post(dev2.reading(1, 200)).code());
        assertEquals("2.01", dev1.post(dev1.reading(1, 101)).code());
        // notifications leave the server in order, so had dev-2's reading notified, it would come first
        assertEquals(List.of(dev1.reading(1, 101)), history.nextReadings());
        assertEquals("2.01", dev1.post(dev1.reading(2, 102)).code());
        assertEquals(List.of(dev1.reading(2, 102), dev1.reading(1, 101)), history.nextReadings());
        assertEquals("2.01", dev1.post(dev1.reading(3, 103)).code());
        assertEquals(List.of(dev1.reading(3, 103), dev1.reading(2, 102)), history.nextReadings());
    }

    @Test
    void a_device_observing_all_readings_sees_only_its_own() {
        Device dev1 = server.device("dev-1", CredentialMode.ECDHE_PSK);
        Device dev2 = server.device("dev-2", CredentialMode.PSK);
        Observation own = dev1.observe("");
        assertEquals(List.of(), own.nextReadings());

        assertEquals("2.01", dev2.post(dev2.reading(1, 200)).code());
        assertEquals("2.01", dev1.post(dev1.reading(1, 101)).code());

        assertEquals(List.of(dev1.reading(1, 101)), own.nextReadings());
    }

    @Test
    void a_device_reading_another_devices_history_is_refused() {
        Device dev1 = server.device("dev-1", CredentialMode.PSK);
        Device dev2 = server.device("dev-2", CredentialMode.PSK);
        assertEquals("2.01", dev2.post(dev2.reading(1, 200)).code());

        Answered answer = dev1.get("device=dev-2");
        Answered observed = dev1.observe("device=dev-2").next();

        assertEquals("4.03", answer.code());
        assertTrue(answer.diagnostic().contains("only its own"), answer.diagnostic());
        assertEquals("4.03", observed.code());
        assertEquals(List.of(), dev1.readings(""), "dev-1 has no readings of its own yet");
    }

    @Test
    void an_observer_sees_the_final_state_while_devices_post_concurrently() throws Exception {
        Device dashboard = server.device("dashboard", CredentialMode.PSK);
        List<Device> devices = List.of(server.device("dev-1", CredentialMode.PSK),
                server.device("dev-2", CredentialMode.RPK), server.device("dev-3", CredentialMode.X509));
        Observation latest = dashboard.observe("");
        latest.nextReadings();
        int readings = 20;

        ExecutorService posters = Executors.newFixedThreadPool(devices.size());
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (Device device : devices) {
                runs.add(CompletableFuture.runAsync(() -> {
                    for (long seq = 1; seq <= readings; seq++) {
                        assertEquals("2.01", device.post(device.reading(seq, 100 + seq)).code());
                    }
                }, posters));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            posters.shutdown();
        }

        List<PressureReading> expected = devices.stream().map(d -> d.reading(readings, 100 + readings)).toList();
        assertEquals(expected, latest.awaitReadings(expected::equals));
    }
}
