package io.manometer.bench.suite;

import io.manometer.bench.server.ServerSampler;
import io.manometer.bench.server.ServerUnderTest;
import io.manometer.bench.suite.SuiteResults.ReadingsRow;
import io.manometer.credentials.CredentialsException;
import io.manometer.device.fleet.Fleet;
import io.manometer.device.fleet.FleetOptions;
import io.manometer.device.fleet.FleetResult;
import io.manometer.device.fleet.Workload;
import io.manometer.server.storage.InMemoryReadingStore;
import io.manometer.server.storage.SqliteReadingStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable readings per second over established PSK sessions: a fresh server with the SQLite store exactly as it
 * ships (WAL, synchronous=FULL, group commit) on the real disk, and a closed-loop {@code Workload.READINGS} fleet in
 * which every device keeps {@code inFlight} confirmable POSTs outstanding. Afterwards the store must hold exactly the
 * readings that were acknowledged: a rate bought by losing readings is no rate.
 */
final class DurableReadings {

    /** The fleet's failure kind for requests the server answered with a client error. */
    static final String REJECTED_4XX = "rejected_4xx";

    private final SuiteWorkspace workspace;
    private final SuiteSettings settings;
    private final Consumer<String> progress;

    DurableReadings(SuiteWorkspace workspace, SuiteSettings settings, Consumer<String> progress) {
        this.workspace = workspace;
        this.settings = settings;
        this.progress = progress;
    }

    /** {@code batch} readings per POST: 1 is one JSON reading, more is one SenML pack. */
    ReadingsRow run(int batch) throws IOException, CredentialsException, InterruptedException {
        Path database = workspace.folder("readings-batch-" + batch).resolve("readings.db");
        try (ServerUnderTest server = ServerUnderTest.start(workspace.credentials(),
                SqliteReadingStore.open(database, Clock.systemUTC()), config -> { })) {
            FleetOptions options = options(server, batch, settings.readingsDuration());
            FleetResult fleet;
            List<ServerSampler.Sample> samples;
            try (ServerSampler sampler = ServerSampler.start(server, settings.sampleInterval())) {
                fleet = Fleet.run(options, line -> progress.accept("  fleet batch " + batch + ": " + line));
                samples = sampler.stop();
            }
            long stored = server.store().count();
            Map<String, Long> failures = Map.copyOf(fleet.failuresByKind());
            long rejected = failures.getOrDefault(REJECTED_4XX, 0L);
            if (batch > 1 && rejected > 0 && rejected >= fleet.requests() / 2) {
                return skipped(batch, stored, fleet, rejected + " of " + fleet.requests() + " SenML packs of " + batch
                        + " readings were answered 4.xx: the server does not take packs yet");
            }
            double cpu = ServerSampler.busyWindow(samples, ServerSampler.Sample::requests)
                    .map(ServerSampler.Window::cpuMicrosPerEvent).orElse(Double.NaN);
            return new ReadingsRow(batch, fleet.readingsPerSecond(), fleet.requestsPerSecond(), fleet.latencyP50Ms(),
                    fleet.latencyP95Ms(), fleet.latencyP99Ms(), fleet.readingsAcknowledged(), stored, cpu,
                    fleet.failures(), failures, Optional.empty());
        }
    }

    /** An uncounted closed-loop run against an in-memory server, so the JIT has compiled the request path. */
    void warmUp() throws IOException, CredentialsException, InterruptedException {
        if (settings.warmup().isZero()) {
            return;
        }
        try (ServerUnderTest server = ServerUnderTest.start(workspace.credentials(), new InMemoryReadingStore(),
                config -> { })) {
            Fleet.run(options(server, 1, settings.warmup().dividedBy(2)), line -> { });
        }
    }

    private FleetOptions options(ServerUnderTest server, int batch, Duration duration) {
        return FleetOptions.builder(workspace.credentials().root()).server(server.uri())
                .devices(settings.readingDevices()).workload(Workload.READINGS).rate(0).duration(duration)
                .concurrency(settings.handshakeConcurrency()).inFlight(settings.inFlight()).batch(batch).build();
    }

    private static ReadingsRow skipped(int batch, long stored, FleetResult fleet, String why) {
        return new ReadingsRow(batch, 0, 0, 0, 0, 0, 0, stored, Double.NaN, fleet.failures(),
                Map.copyOf(fleet.failuresByKind()), Optional.of(why));
    }
}
