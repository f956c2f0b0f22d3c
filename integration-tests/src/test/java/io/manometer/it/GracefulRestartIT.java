package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.server.storage.SqliteReadingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A graceful restart (SIGTERM, start again on the same port) keeps the devices' DTLS sessions: the server saves
 * its connections encrypted on shutdown and restores them on start, so a device that keeps running goes on without
 * a new handshake, and every reading it sent is acknowledged and stored once. The server is the real jar, run as a
 * process.
 */
class GracefulRestartIT {

    private static final int SIGTERM_EXIT = 143;
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    /** CoAP retransmissions that outlast a restart: 0.5 s doubling five times is about 30 s. */
    private static Configuration patientTimers() {
        Configuration config = ShortTimers.device();
        config.set(CoapConfig.ACK_TIMEOUT, 500, TimeUnit.MILLISECONDS);
        config.set(CoapConfig.MAX_RETRANSMIT, 5);
        config.set(DeviceConfig.RESPONSE_TIMEOUT, 60, TimeUnit.SECONDS);
        return config;
    }

    @ParameterizedTest
    @EnumSource(CredentialMode.class)
    void a_device_continues_its_session_after_a_graceful_restart(CredentialMode mode) throws Exception {
        try (ProcessFixture fixture = new ProcessFixture(dir, "dev-1")) {
            ServerProcess first = fixture.startServer(0);
            ReadingPublisher device = fixture.device("dev-1", mode, first.uri(), patientTimers());
            assertAcknowledged("2.01", post(device, 1));
            assertEquals(1, device.handshakes());

            assertEquals(SIGTERM_EXIT, first.terminate());
            assertTrue(Files.exists(fixture.dtlsState()), "state saved on SIGTERM");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    fixture.dtlsState())));
            ServerProcess second = fixture.startServer(first.port());

            assertEquals("1", second.field("restored-sessions"));
            assertFalse(Files.exists(fixture.dtlsState()), "state file is consumed, never loaded twice");
            assertAcknowledged("2.01", post(device, 2));
            assertEquals(1, device.handshakes(), "no new handshake after the restart");
            assertEquals(1, handshakesIn(fixture.serverKeyLog()), "both server runs saw one handshake");
            assertEquals(SIGTERM_EXIT, second.terminate());
            assertEquals(List.of(reading(2), reading(1)), storedHistory(fixture));
        }
    }

    @Test
    void a_device_posting_through_a_restart_has_every_reading_acknowledged_and_stored_once() throws Exception {
        try (ProcessFixture fixture = new ProcessFixture(dir, "dev-1")) {
            ServerProcess first = fixture.startServer(0);
            int port = first.port();
            ReadingPublisher device = fixture.device("dev-1", CredentialMode.PSK, first.uri(), patientTimers());
            List<PublishResult> results = new ArrayList<>();
            CountDownLatch beforeRestart = new CountDownLatch(5);
            CountDownLatch afterRestart = new CountDownLatch(5);
            AtomicBoolean restarted = new AtomicBoolean();
            CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> {
                for (long seq = 1; seq <= 200 && afterRestart.getCount() > 0; seq++) {
                    PublishResult result = post(device, seq);
                    results.add(result);
                    if (!(result instanceof Answered answered) || !answered.acknowledged()) {
                        return;
                    }
                    (restarted.get() ? afterRestart : beforeRestart).countDown();
                }
            });

            assertTrue(beforeRestart.await(30, TimeUnit.SECONDS), "device posting before the restart");
            assertEquals(SIGTERM_EXIT, first.terminate());
            restarted.set(true);
            ServerProcess second = fixture.startServer(port);
            posting.get(90, TimeUnit.SECONDS);

            assertEquals("1", second.field("restored-sessions"));
            for (PublishResult result : results) {
                assertInstanceOf(Answered.class, result, result.toString());
                assertTrue(((Answered) result).acknowledged(), result.toString());
            }
            assertEquals(0, afterRestart.getCount(), "posting went on after the restart");
            assertEquals(1, device.handshakes(), "no new handshake after the restart");
            assertEquals(SIGTERM_EXIT, second.terminate());
            List<Long> stored = storedHistory(fixture).stream().map(PressureReading::seq).sorted().toList();
            assertEquals(LongStream.rangeClosed(1, results.size()).boxed().toList(), stored);
        }
    }

    @Test
    void a_corrupt_state_file_is_reported_once_and_devices_handshake_again() throws Exception {
        try (ProcessFixture fixture = new ProcessFixture(dir, "dev-1")) {
            Files.write(fixture.dtlsState(), "MNMDTLS1 but then garbage that no key opens".getBytes());

            ServerProcess server = fixture.startServer(0);
            ReadingPublisher device = fixture.device("dev-1", CredentialMode.PSK, server.uri(), patientTimers());

            assertEquals("0", server.field("restored-sessions"));
            assertAcknowledged("2.01", post(device, 1));
            assertEquals(SIGTERM_EXIT, server.terminate());
            String log = server.log();
            assertEquals(1, log.lines().filter(line -> line.contains("ignoring saved DTLS state")).count(), log);
            assertFalse(log.contains("Exception"), log);
        }
    }

    private static PublishResult post(ReadingPublisher device, long seq) {
        return device.publish(reading(seq), ContentFormat.JSON).join();
    }

    private static PressureReading reading(long seq) {
        return new PressureReading(DeviceId.of("dev-1"), seq, 100 + seq, T0.plus(seq, ChronoUnit.SECONDS));
    }

    private static void assertAcknowledged(String code, PublishResult result) {
        Answered answered = assertInstanceOf(Answered.class, result, result.toString());
        assertEquals(code, answered.code(), answered.diagnostic());
    }

    private static long handshakesIn(Path keyLog) throws Exception {
        return Files.readAllLines(keyLog).stream().filter(line -> line.startsWith("CLIENT_RANDOM ")).count();
    }

    private static List<PressureReading> storedHistory(ProcessFixture fixture) {
        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(fixture.database())) {
            return store.history(DeviceId.of("dev-1"), 1000);
        }
    }
}
