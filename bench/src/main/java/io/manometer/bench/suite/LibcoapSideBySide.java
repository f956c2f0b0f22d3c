package io.manometer.bench.suite;

import io.manometer.bench.libcoap.LibcoapServer;
import io.manometer.bench.server.ServerUnderTest;
import io.manometer.bench.suite.SuiteResults.LibcoapRow;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.fleet.Fleet;
import io.manometer.device.fleet.FleetOptions;
import io.manometer.device.fleet.FleetResult;
import io.manometer.device.fleet.Workload;
import io.manometer.server.storage.InMemoryReadingStore;
import io.manometer.server.storage.SqliteReadingStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * libcoap's {@code coap-server-openssl} and the Manometer server (in-memory store, then SQLite) side by side in one
 * run, each driven by the same fleet options: PSK full handshakes at saturation (new sessions from new ports, at
 * most {@code concurrency} at a time, each ended with close_notify), then closed-loop requests with one reading
 * each over established sessions. Rates are counted by the fleet for both, since libcoap has no counters to read;
 * the ratio Manometer / libcoap is what the report compares.
 */
final class LibcoapSideBySide {

    static final String LIBCOAP = "libcoap coap-server-openssl";
    static final String MANOMETER_MEMORY = "Manometer, in-memory store";
    static final String MANOMETER_SQLITE = "Manometer, SQLite store";
    /** The fleet's failure kind for sessions it did not get to open before the duration ended. */
    static final String NOT_CONNECTED = "not_connected";

    private final SuiteWorkspace workspace;
    private final SuiteSettings settings;
    private final Consumer<String> progress;

    LibcoapSideBySide(SuiteWorkspace workspace, SuiteSettings settings, Consumer<String> progress) {
        this.workspace = workspace;
        this.settings = settings;
        this.progress = progress;
    }

    List<LibcoapRow> run(Path binary) throws IOException, CredentialsException, InterruptedException {
        List<LibcoapRow> rows = new ArrayList<>();
        int devices = Math.max(settings.handshakeDevices(), settings.readingDevices());
        LibcoapServer libcoap = LibcoapServer.start(binary, workspace.credentials(), 1, devices,
                workspace.folder("libcoap"));
        try {
            progress.accept("  libcoap listening at " + libcoap.uri() + ", log " + libcoap.log());
            rows.add(measure(LIBCOAP, libcoap.uri()));
        } finally {
            libcoap.close();
        }
        try (ServerUnderTest server = ServerUnderTest.start(workspace.credentials(), new InMemoryReadingStore(),
                config -> { })) {
            rows.add(measure(MANOMETER_MEMORY, server.uri()));
        }
        Path database = workspace.folder("libcoap-sqlite").resolve("readings.db");
        try (ServerUnderTest server = ServerUnderTest.start(workspace.credentials(),
                SqliteReadingStore.open(database, Clock.systemUTC()), config -> { })) {
            rows.add(measure(MANOMETER_SQLITE, server.uri()));
        }
        return rows;
    }

    private LibcoapRow measure(String label, URI server) throws IOException, CredentialsException,
            InterruptedException {
        FleetOptions.Builder common = FleetOptions.builder(workspace.credentials().root()).server(server)
                .mode(CredentialMode.PSK).concurrency(settings.handshakeConcurrency());
        // New sessions from new ports for the handshake rate: libcoap 4.3.1 ignores a ClientHello on an established
        // connection, so HANDSHAKES (full handshakes forced on one endpoint) stalls against it, and so does a new
        // session from a port the kernel reuses while libcoap still holds the old one. Each session therefore ends
        // with close_notify, against Manometer too, so both servers see the same client. More sessions than the
        // duration allows: the duration ends the run, and the sessions left unopened are not failures.
        FleetResult handshakes = Fleet.run(common.devices(settings.handshakeDevices()).workload(Workload.SESSIONS)
                .sessionsPerDevice(settings.sideBySideSessionsPerDevice()).closeSessions(true)
                .duration(settings.handshakeDuration())
                .build(), line -> progress.accept("  " + label + ": " + line));
        FleetResult readings = Fleet.run(common.devices(settings.readingDevices()).workload(Workload.READINGS)
                .sessionsPerDevice(1).closeSessions(false).rate(0).inFlight(settings.inFlight()).batch(1)
                .duration(settings.readingsDuration()).build(),
                line -> progress.accept("  " + label + ": " + line));
        // handshakes completed within the duration: a lane stalled at the end (see above) must not stretch the time
        double seconds = Math.min(handshakes.handshakeSeconds(), settings.handshakeDuration().toMillis() / 1e3);
        double handshakeRate = seconds > 0 ? handshakes.handshakes() / seconds : 0;
        long handshakeFailures = handshakes.failures()
                - handshakes.failuresByKind().getOrDefault(NOT_CONNECTED, 0L);
        progress.accept(String.format(Locale.ROOT, "  %s: %.0f handshakes/s, %.0f requests/s", label,
                handshakeRate, readings.requestsPerSecond()));
        return new LibcoapRow(label, handshakeRate, handshakeFailures,
                readings.requestsPerSecond(), readings.latencyP50Ms(), readings.latencyP99Ms(), readings.failures(),
                Map.copyOf(readings.failuresByKind()));
    }
}
