package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.cli.CredentialsMain;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.device.publish.PublishResult.Failed;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.DeviceId;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.DtlsStateFile;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.revocation.RevocationWatch;
import io.manometer.server.storage.InMemoryReadingStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code credentials revoke} against a running server, in every credential mode: the server notices the deny list
 * change without a restart, drops the device's live session, and refuses its next handshake; other devices keep
 * their sessions and the readings stored before stay. A graceful restart does not bring a revoked session back. A
 * revoked device's Observe relations are cancelled, and a request that slips in before its session is dropped is
 * told 4.03.
 * <pre>
 *   dev-1, dev-2 posting ─▶ revoke dev-1 (CLI) ─▶ revoked.txt renamed into place ─▶ server's watcher
 *        ─▶ registry refuses dev-1 ─▶ dev-1's session dropped ─▶ dev-1 old session: no answer; new handshake: refused
 * </pre>
 */
class RevocationIT {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final DeviceId DEV_2 = DeviceId.of("dev-2");
    /** Fast, so the test does not wait on the periodic check if a watch event is late; events usually win. */
    private static final Duration RECHECK = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Deque<Device> devices = new ArrayDeque<>();
    private ThreadLeaks threads;
    private CredentialsLayout layout;
    private InMemoryReadingStore store;

    @BeforeEach
    void credentials() throws Exception {
        threads = ThreadLeaks.snapshot();
        layout = new CredentialsLayout(dir.resolve("credentials"));
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, List.of(DEV_1, DEV_2), false);
    }

    @AfterEach
    void stopEverything() throws Exception {
        long unfinished = devices.stream().mapToLong(Device::unfinishedRequests).sum();
        while (!devices.isEmpty()) {
            devices.pop().close();
        }
        while (!started.isEmpty()) {
            started.pop().close();
        }
        assertEquals(0, unfinished, "requests left without an outcome");
        threads.assertAllStopped();
    }

    @ParameterizedTest
    @EnumSource(CredentialMode.class)
    void a_revoked_device_loses_its_session_and_its_next_handshake_is_refused(CredentialMode mode) throws Exception {
        PressureServer server = startServer(0, Optional.empty());
        // loaded before the revocation deletes the PSK file: the device still holds its key
        DeviceCredentials revokedCredentials = DeviceDtls.loadCredentials(layout, DEV_1, mode);
        Device revoked = device(revokedCredentials, mode, server);
        Device other = device(DeviceDtls.loadCredentials(layout, DEV_2, mode), mode, server);
        assertEquals("2.01", revoked.post(revoked.reading(1, 101.3)).code());
        assertEquals("2.01", other.post(other.reading(1, 99.0)).code());
        assertEquals(2, server.connections());

        assertEquals(0, revokeWithCli("dev-1"));

        assertEquals(1, server.revocationApplied(DEV_1).get(Device.OUTCOME_BOUND.toSeconds(), TimeUnit.SECONDS),
                "sessions dropped");
        assertEquals(1, server.connections());
        revoked.publishExpectingFailure(revoked.reading(2, 101.4));
        Device again = device(revokedCredentials, mode, server);
        Failed refused = again.publishExpectingFailure(again.reading(3, 101.5));
        assertEquals(FailureKind.HANDSHAKE_REJECTED, refused.kind(), refused.reason());
        assertEquals("2.01", other.post(other.reading(2, 99.1)).code());
        assertEquals(1, other.handshakes(), "other devices keep their sessions");
        assertEquals(3, store.count(), "readings stored before the revocation stay");
    }

    @Test
    void a_revoked_devices_observe_relations_are_cancelled_and_others_kept() throws Exception {
        PressureServer server = startServer(0, Optional.empty());
        Device revoked = device(DeviceDtls.loadCredentials(layout, DEV_1, CredentialMode.PSK), CredentialMode.PSK,
                server);
        Device other = device(DeviceDtls.loadCredentials(layout, DEV_2, CredentialMode.PSK), CredentialMode.PSK,
                server);
        Observation revokedWatch = revoked.observe("device=dev-1");
        Observation otherWatch = other.observe("device=dev-2");
        assertEquals("2.05", revokedWatch.next().code());
        assertEquals("2.05", otherWatch.next().code());
        assertEquals(2, server.observers());

        assertEquals(0, revokeWithCli("dev-1"));

        assertEquals(1, server.revocationApplied(DEV_1).get(Device.OUTCOME_BOUND.toSeconds(), TimeUnit.SECONDS),
                "sessions dropped");
        assertEquals(1, server.observers(), "the revoked device's relation is cancelled, the other kept");
        assertEquals("2.01", other.post(other.reading(1, 99.0)).code());
        assertEquals(List.of(other.reading(1, 99.0)), otherWatch.nextReadings());
        assertTrue(revokedWatch.isDrained(), "the revoked device heard nothing more");
    }

    @Test
    void a_request_on_a_session_that_outlived_the_revocation_is_told_4_03() throws Exception {
        // PressureServer.revoke first makes the registry refuse the device, then drops its sessions: a test that
        // holds the registry and revokes only there stands in the moment between the two, deterministically
        DeviceRegistry registry = DeviceRegistry.load(layout);
        PressureServer server = startServer(settings(0, Optional.empty()), registry);
        Device revoked = device(DeviceDtls.loadCredentials(layout, DEV_1, CredentialMode.PSK), CredentialMode.PSK,
                server);
        assertEquals("2.01", revoked.post(revoked.reading(1, 101.3)).code());

        registry.revoke(Set.of(DEV_1));

        Answered refused = revoked.post(revoked.reading(2, 101.4));
        assertEquals("4.03", refused.code());
        assertEquals("device dev-1 is revoked", refused.diagnostic());
        assertEquals(1, revoked.handshakes(), "answered on the session from before the revocation");
        assertEquals(1, store.count());
    }

    @Test
    void a_device_revoked_while_the_server_was_down_does_not_get_its_saved_session_back() throws Exception {
        PressureServer first = startServer(0, Optional.of(stateFile()));
        Device revoked = device(DeviceDtls.loadCredentials(layout, DEV_1, CredentialMode.PSK), CredentialMode.PSK,
                first);
        Device other = device(DeviceDtls.loadCredentials(layout, DEV_2, CredentialMode.PSK), CredentialMode.PSK,
                first);
        assertEquals("2.01", revoked.post(revoked.reading(1, 101.3)).code());
        assertEquals("2.01", other.post(other.reading(1, 99.0)).code());
        int port = first.address().getPort();
        first.close();

        assertEquals(0, revokeWithCli("dev-1"));
        PressureServer second = startServer(port, Optional.of(stateFile()));

        assertEquals(2, second.restoredConnections());
        assertEquals(1, second.revocationApplied(DEV_1).get(Device.OUTCOME_BOUND.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, second.connections());
        revoked.publishExpectingFailure(revoked.reading(2, 101.4));
        assertEquals("2.01", other.post(other.reading(2, 99.1)).code());
        assertEquals(1, other.handshakes(), "the other device goes on with its restored session");
    }

    /** The code path of {@code ./manometer credentials revoke ID --dir DIR}. */
    private int revokeWithCli(String id) {
        return Cli.run("credentials", new CredentialsMain(), "revoke", id, "--dir", layout.root().toString(),
                "--reason", "test");
    }

    private DtlsStateFile stateFile() {
        return new DtlsStateFile(dir.resolve("dtls-state.bin"), layout.root().resolve("dtls-state.key"),
                Duration.ofHours(1), Clock.systemUTC());
    }

    private PressureServer startServer(int port, Optional<DtlsStateFile> state) throws Exception {
        return startServer(settings(port, state).withRevocationWatch(new RevocationWatch(layout.revoked(), RECHECK)),
                DeviceRegistry.load(layout));
    }

    private PressureServer.Settings settings(int port, Optional<DtlsStateFile> state) throws Exception {
        return new PressureServer.Settings(new InetSocketAddress("127.0.0.1", port),
                EnumSet.allOf(CredentialMode.class), Optional.empty(), ServerConfig.create(Optional.empty()), state);
    }

    private PressureServer startServer(PressureServer.Settings settings, DeviceRegistry registry) throws Exception {
        store = new InMemoryReadingStore();
        PressureServer server = new PressureServer(settings, ServerCredentials.load(layout), registry, store,
                Clock.systemUTC());
        started.push(server);
        server.start();
        return server;
    }

    private Device device(DeviceCredentials credentials, CredentialMode mode, PressureServer server)
            throws Exception {
        URI uri = URI.create(server.uri());
        ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(uri, mode, Optional.empty(),
                Optional.empty(), ShortTimers.device()), credentials);
        Device device = new Device(credentials.id(), uri, publisher);
        devices.push(device);
        publisher.start();
        return device;
    }
}
