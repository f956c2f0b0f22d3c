package io.manometer.bench.suite;

import io.manometer.bench.libcoap.LibcoapServer;
import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench suite}: every measurement behind bench/results.md in one command, the one {@code bench/run.sh} runs.
 * It writes the whole report on each run; hand-written findings live in bench/FINDINGS.md and are read into it.
 */
@Command(name = "suite", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The benchmark suite: writes bench/results.md.",
            "",
            "Phases: crypto bound (JMH), UDP request bound, full handshakes/s per mode",
            "at saturation, durable readings/s (SQLite) with latency percentiles,",
            "libcoap side by side (PSK), heap per idle DTLS session. Server and fleet",
            "run in this JVM on 127.0.0.1; coap-server-openssl runs as a child process.",
            "Progress goes to stderr. A full run takes about ten minutes on 2 cores,",
            "--smoke well under one."},
        footer = {"", "Exit codes: 0 report written, 1 a phase failed or the store lost or",
            "            duplicated readings, 2 bad usage.",
            "Targets are reported, never asserted."})
public final class SuiteCommand implements Callable<Integer> {

    @Option(names = "--smoke", description = "A tiny run of every phase (CI): checks the suite works, not speed.")
    boolean smoke;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench/results.md",
            description = "Where to write the report (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--findings", paramLabel = "FILE", defaultValue = "bench/FINDINGS.md",
            description = "Hand-written explanations read into the Targets table (default: ${DEFAULT-VALUE}).")
    Path findings;

    @Option(names = "--skip-libcoap", description = "Leave out the side-by-side run against coap-server-openssl.")
    boolean skipLibcoap;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Length of each measured handshake and readings run, e.g. 12s (default: 12s, smoke 1500ms).")
    Duration duration;

    @Option(names = "--sessions", paramLabel = "N", split = ",",
            description = "Idle sessions at which the heap is measured, cumulative, each a multiple of the devices"
                    + " (default: 10000,100000; smoke 200,1000).")
    List<Integer> sessions;

    @Option(names = "--keep", description = "Keep the scratch folder (credentials, databases, libcoap log).")
    boolean keep;

    @Option(names = "--invoked-as", paramLabel = "COMMAND", hidden = true,
            description = "The command line to print in the report (bench/run.sh passes its own).")
    String invokedAs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SuiteSettings settings = settings();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Path> libcoap = skipLibcoap ? Optional.empty() : LibcoapServer.find();
        String skipReason = skipLibcoap ? "--skip-libcoap was given"
                : LibcoapServer.COMMAND + " is not on the PATH (apt-get install libcoap3-bin)";
        SuiteRun run = new SuiteRun(settings, libcoap, skipReason, keep, line -> {
            err.println("bench: " + line);
            err.flush();
        }, Clock.systemUTC());
        SuiteResults results = run.run(command());
        SuiteReport report = new SuiteReport(results, Findings.read(findings));
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, report.markdown());
        } catch (IOException e) {
            throw new CliException(Cli.FAILURE, "cannot write " + out + ": " + e.getMessage(), e);
        }
        err.println("bench: wrote " + out + String.format(Locale.ROOT, " (%.0f s)", results.seconds()));
        List<String> broken = new ArrayList<>();
        results.readings().stream().filter(row -> row.skipped().isEmpty() && !row.storeMatches())
                .forEach(row -> broken.add("the store broke its promise in batch " + row.batch() + ": "
                        + row.stored() + " rows for " + row.acknowledged() + " acknowledged readings"));
        if (results.libcoap().isEmpty() && results.libcoapNote().startsWith("Failed")) {
            broken.add("libcoap side by side: " + results.libcoapNote());
        }
        if (!broken.isEmpty()) {
            throw new CliException(Cli.FAILURE, "report written, but: " + String.join("; ", broken));
        }
        return 0;
    }

    private SuiteSettings settings() {
        SuiteSettings base = smoke ? SuiteSettings.smoke() : SuiteSettings.full();
        Duration measured = base.handshakeDuration();
        Duration readings = base.readingsDuration();
        if (duration != null) {
            if (duration.toMillis() < 500) {
                throw new CliException(Cli.USAGE, "--duration must be at least 500ms");
            }
            measured = duration;
            readings = duration;
        }
        List<Integer> steps = base.sessions();
        if (sessions != null) {
            for (int i = 0; i < sessions.size(); i++) {
                int count = sessions.get(i);
                if (count < base.devices() || count % base.devices() != 0 || i > 0 && count <= sessions.get(i - 1)) {
                    throw new CliException(Cli.USAGE, "--sessions must grow and each be a multiple of "
                            + base.devices() + " (the devices provisioned)");
                }
            }
            steps = sessions;
        }
        return new SuiteSettings(base.name(), base.devices(), base.crypto(), base.udpClients(), base.udpWarmup(),
                base.udpMeasurement(), base.handshakeDevices(), base.handshakeConcurrency(), measured,
                base.readingDevices(), base.inFlight(), readings, base.warmup(), steps, base.sessionConcurrency(),
                base.sideBySideSessionsPerDevice(), base.sampleInterval());
    }

    /** What the report names as the command: the script's own line, or this JVM's. */
    private String command() {
        if (invokedAs != null && !invokedAs.isBlank()) {
            return invokedAs.strip();
        }
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return "java " + (jvm.isEmpty() ? "" : String.join(" ", jvm) + " ") + "-jar bench/target/bench.jar "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
