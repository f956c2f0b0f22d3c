package io.manometer.bench.suite;

import io.manometer.bench.limits.CryptoCosts;
import io.manometer.bench.server.ServerSampler;
import io.manometer.bench.server.ServerUnderTest;
import io.manometer.bench.suite.SuiteResults.HandshakeRow;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.fleet.Fleet;
import io.manometer.device.fleet.FleetOptions;
import io.manometer.device.fleet.FleetResult;
import io.manometer.device.fleet.Workload;
import io.manometer.server.storage.InMemoryReadingStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Full handshakes per second at saturation, per credential mode, counted by the server: a fresh in-process server
 * (in-memory store, so the store costs nothing) and a fleet of {@code Workload.HANDSHAKES} workers that each repeat
 * full handshakes with one POST. The server's counters and its threads' CPU time are sampled throughout; the rate
 * and the CPU per handshake are taken over the stretch where the server was busy.
 */
final class HandshakeSaturation {

    private final SuiteWorkspace workspace;
    private final SuiteSettings settings;
    private final Consumer<String> progress;

    HandshakeSaturation(SuiteWorkspace workspace, SuiteSettings settings, Consumer<String> progress) {
        this.workspace = workspace;
        this.settings = settings;
        this.progress = progress;
    }

    HandshakeRow run(CredentialMode mode, CryptoCosts crypto) throws IOException, CredentialsException,
            InterruptedException {
        try (ServerUnderTest server = ServerUnderTest.start(workspace.credentials(), new InMemoryReadingStore(),
                config -> { })) {
            FleetOptions options = FleetOptions.builder(workspace.credentials().root()).server(server.uri())
                    .mode(mode).devices(settings.handshakeDevices()).workload(Workload.HANDSHAKES)
                    .duration(settings.handshakeDuration()).concurrency(settings.handshakeConcurrency()).build();
            FleetResult fleet;
            List<ServerSampler.Sample> samples;
            try (ServerSampler sampler = ServerSampler.start(server, settings.sampleInterval())) {
                fleet = Fleet.run(options, line -> progress.accept("  fleet " + mode.cliName() + ": " + line));
                samples = sampler.stop();
            }
            ServerSampler.Window window = ServerSampler.busyWindow(samples, ServerSampler.Sample::handshakes)
                    .orElse(new ServerSampler.Window(0, 0, 0, Double.NaN));
            return new HandshakeRow(mode, window.perSecond(), window.events(), window.seconds(),
                    window.cpuMicrosPerEvent(), fleet.handshakesPerSecond(), fleet.failures(),
                    Map.copyOf(fleet.failuresByKind()), crypto.handshakesPerSecondBound(mode));
        }
    }

    /** An uncounted run so that the JIT has compiled the handshake path before the measured modes. */
    void warmUp(CredentialMode mode) throws IOException, CredentialsException, InterruptedException {
        if (settings.warmup().isZero()) {
            return;
        }
        try (ServerUnderTest server = ServerUnderTest.start(workspace.credentials(), new InMemoryReadingStore(),
                config -> { })) {
            FleetOptions options = FleetOptions.builder(workspace.credentials().root()).server(server.uri())
                    .mode(mode).devices(settings.handshakeDevices()).workload(Workload.HANDSHAKES)
                    .duration(settings.warmup().dividedBy(2)).concurrency(settings.handshakeConcurrency()).build();
            Fleet.run(options, line -> { });
        }
    }
}
