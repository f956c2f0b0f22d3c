package io.manometer.harness.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.cli.PercentConverter;
import io.manometer.credentials.CredentialsException;
import io.manometer.harness.scenario.MatrixReport;
import io.manometer.harness.scenario.Scenario;
import io.manometer.harness.scenario.ScenarioResult;
import io.manometer.harness.scenario.ScenarioRunner;
import io.manometer.harness.scenario.TemporaryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code manometer harness matrix}: runs every combination of mode and loss (and optionally CID and anti-replay)
 * against a real in-process server and real devices through the impaired link, and writes a CSV, a Markdown report
 * that compares each row with the delivery model, and an SVG chart.
 */
@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run loss scenarios against an in-process server and devices through the impaired link, and"
                + " write DIR/results.csv, DIR/report.md and DIR/chart.svg.",
            "One row per mode x CID x anti-replay x loss. Percentages are 0..100 and may end in %%.",
            "Exit code 0 when every acknowledged reading was stored exactly once, 1 otherwise, 2 for bad input."})
public final class MatrixMain implements Callable<Integer> {

    private static final int WARM_UP_READINGS = 50;

    /** On, off, or one row each. */
    enum Toggle {
        ON, OFF, BOTH;

        List<Boolean> choices() {
            return switch (this) {
                case ON -> List.of(true);
                case OFF -> List.of(false);
                case BOTH -> List.of(true, false);
            };
        }
    }

    @Option(names = "--modes", paramLabel = "MODE", split = ",", splitSynopsisLabel = ",",
            defaultValue = "psk,ecdhe-psk,rpk,x509",
            description = "Credential modes, one set of rows each (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--loss", paramLabel = "P", split = ",", splitSynopsisLabel = ",",
            converter = PercentConverter.class, defaultValue = "0,10,20,30,50",
            description = "Random loss each way, one row per value (default: ${DEFAULT-VALUE}).")
    List<Double> loss;

    @Option(names = "--loss-up", paramLabel = "P", converter = PercentConverter.class,
            description = "Fixed device->server loss in every row (overrides --loss upstream).")
    Double lossUp;

    @Option(names = "--loss-down", paramLabel = "P", converter = PercentConverter.class,
            description = "Fixed server->device loss in every row (overrides --loss downstream).")
    Double lossDown;

    @Option(names = "--burst", paramLabel = "P_GB,P_BG[,LOSS_BAD]",
            description = "Gilbert-Elliott burst loss both ways; --loss is then the good state's loss. The model"
                    + " uses the stationary loss.")
    String burst;

    @Option(names = "--dup", paramLabel = "P", converter = PercentConverter.class,
            description = "Duplicate datagrams both ways.")
    double duplicate;

    @Option(names = "--reorder", paramLabel = "P", converter = PercentConverter.class,
            description = "Hold datagrams back behind their successor, both ways.")
    double reorder;

    @Option(names = "--replay", paramLabel = "P", converter = PercentConverter.class,
            description = "Re-inject copies of forwarded datagrams after --replay-delay, as an attacker would.")
    double replay;

    @Option(names = "--replay-delay", paramLabel = "DURATION", defaultValue = "1s",
            description = "How late replayed copies come (default: ${DEFAULT-VALUE}).")
    Duration replayDelay;

    @Option(names = "--delay", paramLabel = "DURATION", defaultValue = "0ms", description = "One-way delay.")
    Duration delay;

    @Option(names = "--jitter", paramLabel = "DURATION", defaultValue = "0ms",
            description = "Uniform jitter around --delay.")
    Duration jitter;

    @Option(names = "--rebind", paramLabel = "K", defaultValue = "0",
            description = "NAT rebinding: a new source port after every K upstream datagrams of a device; runs each"
                    + " mode with CID on and off unless --cid says otherwise (default: off).")
    int rebind;

    @Option(names = "--cid", paramLabel = "on|off|both",
            description = "DTLS connection id (RFC 9146) at the server (default: on; both with --rebind).")
    Toggle cid;

    @Option(names = "--anti-replay", paramLabel = "on|off|both", defaultValue = "on",
            description = "The server's DTLS anti-replay window (RFC 6347 4.1.2.6); off leaves replays to the CoAP"
                    + " deduplicator (default: ${DEFAULT-VALUE}).")
    Toggle antiReplay;

    @Option(names = "--format", paramLabel = "json|text|senml", defaultValue = "json",
            description = "Content format of the readings; text has no seq, so only CoAP deduplication keeps a"
                    + " replay from being stored twice (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--devices", paramLabel = "D", defaultValue = "4",
            description = "Concurrent devices per row (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--readings", paramLabel = "R", defaultValue = "50",
            description = "Readings per device, one in flight at a time (default: ${DEFAULT-VALUE}).")
    int readings;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the link's random streams, the same in every row (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timers", paramLabel = "short|rfc", defaultValue = "short",
            description = "short: CoAP ACK_TIMEOUT 200ms, DTLS 200ms..2s; rfc: RFC 7252/6347 defaults, ACK_TIMEOUT"
                    + " 2s, DTLS 1s..60s. MAX_RETRANSMIT is 4 in both (default: ${DEFAULT-VALUE}).")
    String timers;

    @Option(names = "--resume-after", paramLabel = "DURATION",
            description = "Devices resume their DTLS session after this long without an answer (Scandium"
                    + " AUTO_HANDSHAKE_TIMEOUT); the remedy for rebinding without CID (default: never).")
    Duration resumeAfter;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "matrix",
            description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--pcap-dir", paramLabel = "DIR",
            description = "Also capture each row's link traffic to DIR/NN-<row>.pcapng.")
    Path pcapDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        List<Scenario> scenarios = MatrixOptions.scenarios(this);
        quietLifecycleLogs();
        if (pcapDir != null) {
            try {
                Files.createDirectories(pcapDir);
            } catch (IOException e) {
                throw new CliException(Cli.FAILURE, "cannot create --pcap-dir " + pcapDir + ": " + e.getMessage(), e);
            }
        }
        System.err.printf(Locale.ROOT, "manometer harness matrix: %d scenarios, %d devices x %d readings each,"
                + " timers %s, seed %d (after an unreported warm-up row)%n", scenarios.size(), devices, readings,
                timers, seed);
        long start = System.nanoTime();
        List<ScenarioResult> results = new ArrayList<>();
        try (TemporaryCredentials credentials = TemporaryCredentials.provision(devices)) {
            // Ctrl-C must not leave private keys behind in the temporary folder
            Thread cleanUp = new Thread(credentials::close, "manometer-matrix-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanUp);
            try {
                run(new ScenarioRunner(credentials), scenarios, results);
            } finally {
                removeShutdownHook(cleanUp);
            }
        } catch (CredentialsException | IOException e) {
            throw new CliException(Cli.FAILURE, "cannot provision credentials: " + e.getMessage(), e);
        }
        MatrixReport report = new MatrixReport(results, commandLine(),
                Duration.ofNanos(System.nanoTime() - start));
        List<Path> files;
        try {
            files = report.write(out);
        } catch (IOException e) {
            throw new CliException(Cli.FAILURE, "cannot write the report to " + out + ": " + e.getMessage(), e);
        }
        long misses = results.stream().filter(ScenarioResult::modelMiss).count();
        long broken = results.stream().filter(r -> !r.storeIntact()).count();
        System.out.printf(Locale.ROOT, "wrote %s: %d scenarios in %s; model agrees in %d of %d rows; store %s%n",
                files.stream().map(Path::toString).collect(Collectors.joining(", ")), results.size(),
                MatrixReport.duration(report.elapsed()), results.size() - misses, results.size(),
                broken == 0 ? "intact" : "BROKEN in " + broken + " rows");
        if (broken > 0) {
            throw new CliException(Cli.FAILURE, "acknowledged readings were lost or stored twice in " + broken
                    + " scenario(s); see " + out.resolve(MatrixReport.MARKDOWN));
        }
        return 0;
    }

    private void run(ScenarioRunner runner, List<Scenario> scenarios, List<ScenarioResult> results)
            throws InterruptedException {
        warmUp(runner, scenarios.get(0));
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario scenario = scenarios.get(i);
            try {
                results.add(runner.run(scenario, MatrixOptions.capture(pcapDir, i, scenario)));
            } catch (IOException e) {
                throw new CliException(Cli.FAILURE, "scenario " + (i + 1) + " (" + scenario.describe()
                        + ") could not run: " + e.getMessage(), e);
            }
            System.err.println(results.get(i).progressLine(i + 1, scenarios.size()));
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook anyway
        }
    }

    /**
     * Runs a short loss-free row that is not reported: without it the first row pays for the JVM's compilation,
     * with ten times the latency and retransmissions caused by responses slower than ACK_TIMEOUT.
     */
    private static void warmUp(ScenarioRunner runner, Scenario first) throws InterruptedException {
        try {
            runner.run(Scenario.builder(first.mode()).devices(first.devices()).readings(WARM_UP_READINGS)
                    .timers(first.timers()).build());
        } catch (IOException e) {
            throw new CliException(Cli.FAILURE, "cannot run the warm-up row: " + e.getMessage(), e);
        }
    }

    /**
     * The output is one progress line per scenario; the link's and the server's start and stop lines (INFO) would
     * bury it. Their warnings stay, and {@code -Dorg.slf4j.simpleLogger.log.<package>=info} brings the rest back.
     */
    private static void quietLifecycleLogs() {
        for (String logger : List.of("io.manometer.harness.link", "io.manometer.server")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    /** The command as typed, for the top of the report. */
    private String commandLine() {
        List<String> args = Optional.ofNullable(spec).map(s -> s.commandLine().getParseResult().originalArgs())
                .orElse(List.of());
        return "manometer harness " + String.join(" ", args);
    }
}
