package io.manometer.bench.suite;

import io.manometer.bench.limits.CryptoBound;
import io.manometer.bench.limits.CryptoCosts;
import io.manometer.bench.limits.UdpEchoBound;
import io.manometer.bench.suite.SuiteResults.HandshakeRow;
import io.manometer.bench.suite.SuiteResults.HeapRow;
import io.manometer.bench.suite.SuiteResults.LibcoapRow;
import io.manometer.bench.suite.SuiteResults.ReadingsRow;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The phases of one suite run, in an order that keeps them from disturbing each other: the bounds first (JMH in its
 * own JVM, the UDP echo), then an uncounted warm-up, the handshake and readings rates, libcoap side by side, and the
 * heap probe last, because its hundred thousand sessions leave the most garbage behind.
 * <pre>
 *   credentials ─▶ crypto bound ─▶ UDP bound ─▶ warm-up ─▶ handshakes × 4 modes ─▶ readings batch 1, 10, 64
 *               ─▶ libcoap vs Manometer ─▶ heap per idle session
 * </pre>
 */
final class SuiteRun {

    static final int PHASES = 8;
    /** Seed of the UDP bound's payloads: the same bytes every run. */
    private static final long SEED = 42;

    private final SuiteSettings settings;
    private final Optional<Path> libcoap;
    private final String libcoapSkipReason;
    private final boolean keep;
    private final Consumer<String> progress;
    private final Clock clock;

    /** {@code libcoap} empty: the side-by-side section says {@code libcoapSkipReason} instead. */
    SuiteRun(SuiteSettings settings, Optional<Path> libcoap, String libcoapSkipReason, boolean keep,
            Consumer<String> progress, Clock clock) {
        this.settings = settings;
        this.libcoap = libcoap;
        this.libcoapSkipReason = libcoapSkipReason;
        this.keep = keep;
        this.progress = progress;
        this.clock = clock;
    }

    SuiteResults run(String command) throws IOException, CredentialsException, InterruptedException {
        long start = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        phase(1, "credentials for " + settings.devices() + " devices");
        try (SuiteWorkspace workspace = SuiteWorkspace.create(settings.devices(), keep)) {
            progress.accept("  scratch folder " + workspace.root() + " on " + workspace.fileSystem()
                    + (keep ? ", kept afterwards" : ", deleted afterwards"));
            if (workspace.inMemoryFileSystem()) {
                progress.accept("  warning: that folder is in memory, where fsync costs nothing; point"
                        + " -Djava.io.tmpdir at a disk (MANOMETER_JAVA_OPTS) for a meaningful SQLite number");
            }
            SuiteResults.Machine machine = MachineFacts.collect(clock, libcoap, workspace.fileSystem());

            phase(2, "crypto bound (JMH: keygen, ECDH, sign, verify)");
            CryptoCosts crypto = CryptoBound.measure(settings.crypto(), cores, line -> progress.accept("  " + line));

            phase(3, "UDP request bound (" + settings.udpClients() + " clients, echo on one DatagramChannel)");
            UdpEchoBound.Result udp = UdpEchoBound.measure(settings.udpClients(), settings.udpWarmup(),
                    settings.udpMeasurement(), SEED);
            progress.accept(String.format(Locale.ROOT, "  %.0f requests/s", udp.requestsPerSecond()));

            phase(4, "warm-up (uncounted)");
            HandshakeSaturation saturation = new HandshakeSaturation(workspace, settings, progress);
            DurableReadings readings = new DurableReadings(workspace, settings, progress);
            saturation.warmUp(CredentialMode.X509);
            readings.warmUp();

            phase(5, "full handshakes per mode at saturation");
            List<HandshakeRow> handshakes = new ArrayList<>();
            for (CredentialMode mode : CredentialMode.values()) {
                HandshakeRow row = saturation.run(mode, crypto);
                progress.accept(String.format(Locale.ROOT, "  %s: %.0f handshakes/s (server), %.0f µs"
                        + " server CPU each, %d failures", mode.cliName(), row.serverPerSecond(),
                        row.cpuMicrosPerHandshake(), row.failures()));
                handshakes.add(row);
            }

            phase(6, "durable readings (SQLite) over established sessions");
            List<ReadingsRow> readingRows = new ArrayList<>();
            for (int batch : new int[] {1, 10, 64}) {
                ReadingsRow row = readings.run(batch);
                progress.accept(String.format(Locale.ROOT, "  batch %d: %.0f readings/s, %.0f requests/s,"
                        + " p99 %.2f ms, %d acknowledged, %d in store%s", batch, row.readingsPerSecond(),
                        row.requestsPerSecond(), row.p99(), row.acknowledged(), row.stored(),
                        row.skipped().map(why -> " (skipped: " + why + ")").orElse("")));
                readingRows.add(row);
            }

            phase(7, "libcoap side by side");
            Optional<List<LibcoapRow>> libcoapRows = Optional.empty();
            String libcoapNote = "Skipped: " + libcoapSkipReason + ".";
            if (libcoap.isPresent()) {
                try {
                    libcoapRows = Optional.of(new LibcoapSideBySide(workspace, settings, progress)
                            .run(libcoap.get()));
                } catch (IOException e) {
                    // a foreign program that would not start must not cost the other phases' results
                    libcoapNote = "Failed: " + e.getMessage();
                    progress.accept("  failed: " + e.getMessage());
                }
            } else {
                progress.accept("  skipped: " + libcoapSkipReason);
            }

            phase(8, "heap per idle session at " + settings.sessions());
            List<HeapRow> heap = new SessionHeap(workspace, settings, progress).run();

            return new SuiteResults(machine, command, settings, crypto, udp, handshakes, readingRows, heap,
                    libcoapRows, libcoapNote, (System.nanoTime() - start) / 1e9);
        }
    }

    private void phase(int number, String what) {
        progress.accept("phase " + number + "/" + PHASES + ": " + what);
    }
}
