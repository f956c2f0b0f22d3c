package io.manometer.bench.suite;

import io.manometer.bench.heap.HeapProbe;
import io.manometer.bench.server.ServerUnderTest;
import io.manometer.bench.suite.SuiteResults.HeapRow;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.fleet.Fleet;
import io.manometer.device.fleet.FleetOptions;
import io.manometer.device.fleet.FleetResult;
import io.manometer.device.fleet.Workload;
import io.manometer.server.storage.SqliteReadingStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The server's heap per idle DTLS session: one in-process server, its used heap after GC measured before any device
 * connects and again after each step of {@code Workload.SESSIONS}, in which every device handshakes (PSK), posts one
 * reading and vanishes without close_notify, leaving its session behind. Steps are cumulative (10 000 sessions, then
 * 90 000 more from the same 10 000 identities on new ports = 100 000).
 * <p>
 * The server's configuration differs from production in two ways, both so that only session state is counted:
 * DTLS.MAX_CONNECTIONS is raised above the largest step and the stale threshold to a day, so no session is evicted;
 * and the CoAP deduplicator is off, because it remembers every exchange for EXCHANGE_LIFETIME (247 s, RFC 7252
 * §4.8.2) whether or not the session stays, and an idle session is by definition older than that. The store is
 * SQLite on disk, so readings do not sit on the heap.
 */
final class SessionHeap {

    /** Longer than any step takes; the SESSIONS workload ends when every session is open. */
    private static final Duration STEP_BOUND = Duration.ofMinutes(15);

    private final SuiteWorkspace workspace;
    private final SuiteSettings settings;
    private final Consumer<String> progress;

    SessionHeap(SuiteWorkspace workspace, SuiteSettings settings, Consumer<String> progress) {
        this.workspace = workspace;
        this.settings = settings;
        this.progress = progress;
    }

    List<HeapRow> run() throws IOException, CredentialsException, InterruptedException {
        int largest = settings.sessions().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<HeapRow> rows = new ArrayList<>();
        try (ServerUnderTest server = ServerUnderTest.start(workspace.credentials(),
                SqliteReadingStore.open(workspace.folder("heap").resolve("readings.db"), Clock.systemUTC()),
                config -> tune(config, largest))) {
            long before = HeapProbe.usedAfterGc();
            long handshakesBefore = server.counters().handshakesSucceeded();
            progress.accept(String.format(Locale.ROOT, "  heap with no sessions: %,d bytes", before));
            int open = 0;
            long previousHeap = before;
            long previousSessions = 0;
            for (int target : settings.sessions()) {
                int perDevice = (target - open) / settings.devices();
                if (perDevice < 1) {
                    continue;
                }
                FleetOptions options = FleetOptions.builder(workspace.credentials().root()).server(server.uri())
                        .mode(CredentialMode.PSK).devices(settings.devices()).workload(Workload.SESSIONS)
                        .sessionsPerDevice(perDevice).concurrency(settings.sessionConcurrency())
                        .duration(STEP_BOUND).build();
                FleetResult fleet = Fleet.run(options, line -> progress.accept("  fleet sessions: " + line));
                open = target;
                long heap = HeapProbe.usedAfterGc();
                long sessions = server.counters().handshakesSucceeded() - handshakesBefore;
                long perSession = sessions == 0 ? 0 : (heap - before) / sessions;
                long marginal = sessions == previousSessions ? 0
                        : (heap - previousHeap) / (sessions - previousSessions);
                progress.accept(String.format(Locale.ROOT, "  heap with %,d sessions: %,d bytes, %,d bytes per"
                        + " session", sessions, heap, perSession));
                rows.add(new HeapRow(target, sessions, before, heap, perSession, marginal, fleet.failures()));
                previousHeap = heap;
                previousSessions = sessions;
            }
        }
        return rows;
    }

    private static void tune(Configuration config, int sessions) {
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, Math.max(DtlsConfig.DEFAULT_MAX_CONNECTIONS, 2 * sessions));
        config.set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, 24, TimeUnit.HOURS);
        config.set(CoapConfig.DEDUPLICATOR, CoapConfig.NO_DEDUPLICATOR);
    }
}
