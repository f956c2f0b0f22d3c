package io.manometer.bench;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench ingest}: how much of the in-memory store's throughput the durable SQLite store keeps, measured in
 * one process over established DTLS sessions. Rounds alternate between the stores (in-memory, sqlite, in-memory,
 * …) so drift of a noisy machine hits both alike; only the ratio of their medians is meant to be compared.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Durable vs in-memory ingest: acknowledged readings/s of the SQLite and in-memory stores.",
            "",
            "PSK devices post JSON readings over established DTLS sessions to a server on 127.0.0.1,",
            "each keeping W requests in flight. Rounds alternate between the stores; each round is",
            "checked afterwards: the store must hold every acknowledged reading exactly once.",
            "Prints a progress line per round to stderr and a Markdown section to stdout."},
        footer = {"", "Exit codes: 0 every reading acknowledged and stored once,",
            "            1 some reading failed or was lost, 2 bad usage.",
            "Throughput is reported, never asserted."})
final class IngestBench implements Callable<Integer> {

    static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    static final int MAX_DEVICES = 1000;
    static final int MAX_IN_FLIGHT = 256;
    /**
     * A device's message ids (RFC 7252 §4.4) run out after 65 536 requests within EXCHANGE_LIFETIME (247 s); a
     * round stays below that per device.
     */
    static final long MAX_READINGS_PER_DEVICE = 60_000;

    @Option(names = "--devices", paramLabel = "D", defaultValue = "16",
            description = "Simulated devices, each with its own DTLS session (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--in-flight", paramLabel = "W", defaultValue = "4",
            description = "Requests each device keeps in flight (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Length of each round, e.g. 10s, 500ms (default: 10s unless --readings is given).")
    Duration duration;

    @Option(names = "--readings", paramLabel = "N",
            description = "Instead of --duration: readings sent per round, over all devices.")
    Long readings;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "3",
            description = "Counted rounds per store, alternating in-memory, sqlite (default: ${DEFAULT-VALUE}).")
    int rounds;

    /**
     * On a 2-core machine the JIT keeps compiling for about 50 s of this load and throughput climbs until then;
     * with a single warm-up pair the counted rounds still ride that climb, which flatters whichever store runs
     * second (sqlite), so three pairs are the default.
     */
    @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "3",
            description = "Uncounted rounds per store first, so the JIT has settled (default: ${DEFAULT-VALUE}).")
    int warmupRounds;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the Markdown section to FILE.")
    Path out;

    @Option(names = "--keep", description = "Keep the scratch folder (credentials, databases) for inspection.")
    boolean keep;

    @Spec
    CommandSpec spec;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        LoadLimit limit = limit();
        checkRange("--devices", devices, 1, MAX_DEVICES);
        checkRange("--in-flight", inFlight, 1, MAX_IN_FLIGHT);
        checkRange("--rounds", rounds, 1, 100);
        checkRange("--warmup-rounds", warmupRounds, 0, 10);
        PrintWriter err = spec.commandLine().getErr();
        try (BenchWorkspace workspace = BenchWorkspace.create(devices, keep, clock)) {
            err.println("bench: scratch folder " + workspace.root() + " on " + workspace.fileSystem()
                    + (keep ? ", kept afterwards" : ", deleted afterwards"));
            if (workspace.inMemoryFileSystem()) {
                err.println("bench: warning: that folder is in memory, where fsync costs nothing; point"
                        + " -Djava.io.tmpdir at a disk for a meaningful SQLite number");
            }
            List<RoundResult> counted = new ArrayList<>();
            long warmupFailures = runRounds(new IngestRound(workspace, inFlight, limit, clock), counted, err);
            IngestReport report = new IngestReport(new IngestReport.Setup(devices, inFlight, rounds,
                    limit.describe(), machine(workspace)), counted);
            publish(report.markdown());
            long failures = report.failures() + warmupFailures;
            if (failures > 0) {
                throw new CliException(Cli.FAILURE, failures + " reading(s) failed or were lost (see above)");
            }
            return 0;
        }
    }

    /** Runs the warm-up rounds, then the counted ones, each as a pair: in-memory first, then sqlite. */
    private long runRounds(IngestRound round, List<RoundResult> counted, PrintWriter err) throws Exception {
        int total = 2 * (warmupRounds + rounds);
        int number = 0;
        long warmupFailures = 0;
        for (int pair = 0; pair < warmupRounds + rounds; pair++) {
            boolean warmUp = pair < warmupRounds;
            for (StoreKind store : StoreKind.values()) {
                // the previous round's garbage is collected now, not charged to this round
                System.gc();
                RoundResult result = round.run(++number, warmUp, store);
                err.println(IngestReport.progress(result, total));
                err.flush();
                if (warmUp) {
                    warmupFailures += result.failures();
                } else {
                    counted.add(result);
                }
            }
        }
        return warmupFailures;
    }

    private LoadLimit limit() {
        if (duration != null && readings != null) {
            throw new CliException(Cli.USAGE, "use --duration or --readings, not both");
        }
        if (readings != null) {
            if (readings < 1 || readings > MAX_READINGS_PER_DEVICE * Math.max(1, devices)) {
                throw new CliException(Cli.USAGE, "--readings must be 1.." + MAX_READINGS_PER_DEVICE
                        + " × --devices");
            }
            return new LoadLimit.Counted(readings);
        }
        Duration length = duration == null ? DEFAULT_DURATION : duration;
        if (length.toMillis() < 100) {
            throw new CliException(Cli.USAGE, "--duration must be at least 100ms");
        }
        return new LoadLimit.Timed(length);
    }

    private static void checkRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CliException(Cli.USAGE, option + " must be " + min + ".." + max);
        }
    }

    private void publish(String markdown) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(markdown);
        stdout.flush();
        if (out != null) {
            try {
                Files.writeString(out, markdown);
            } catch (IOException e) {
                throw new CliException(Cli.FAILURE, "cannot write " + out + ": " + e.getMessage(), e);
            }
        }
    }

    private String machine(BenchWorkspace workspace) {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ", "
                + LocalDate.now(clock) + "; databases on " + workspace.fileSystem();
    }
}
