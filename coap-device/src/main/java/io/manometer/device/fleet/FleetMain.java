package io.manometer.device.fleet;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.cli.ConfigOption;
import io.manometer.cli.ModeOption;
import io.manometer.cli.ServerOption;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.DeviceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.californium.elements.config.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code manometer fleet}: many simulated devices against one server, with a throughput and latency summary. */
@Command(name = "manometer fleet", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run N simulated devices against a server: dev-<first> .. dev-<first+N-1>, each",
            "with its own identity and DTLS endpoint, all on a few shared threads. Prints",
            "a progress line per second on stderr and a summary on stdout: handshakes/s,",
            "readings/s, latency p50/p95/p99, failures by kind, retransmissions."},
        footer = {"", "Workloads:",
            "  readings    connect every device (at most --concurrency handshakes at a",
            "              time, within --duration), then POST readings for --duration:",
            "              open loop at --rate, or closed loop (rate 0) with --in-flight",
            "              outstanding POSTs per device",
            "  handshakes  --concurrency lanes repeat full handshakes, one POST each,",
            "              cycling over the devices, for --duration",
            "  sessions    every device handshakes, POSTs one reading and drops its",
            "              endpoint without close_notify, so the server keeps idle",
            "              sessions (--sessions-per-device each, from different ports);",
            "              with --close-sessions it sends close_notify first",
            "",
            "Exit codes: 0 no failures, 1 some request failed, 2 bad usage,",
            "            130 stopped early by Ctrl-C or SIGTERM (the summary covers the time",
            "            that ran and says so)."})
public final class FleetMain implements Callable<Integer> {

    private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(?:/s)?");

    @Option(names = "--credentials", required = true, paramLabel = "DIR",
            description = "Credentials folder holding devices/dev-<n>.*, made by 'manometer credentials init'.")
    Path credentials;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "" + FleetOptions.DEFAULT_DEVICES,
            description = "Number of devices (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--first-device", paramLabel = "N", defaultValue = "" + FleetOptions.DEFAULT_FIRST_DEVICE,
            description = "Number of the first device, dev-<N> (default: ${DEFAULT-VALUE}).")
    int firstDevice;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "psk",
            description = "psk, ecdhe-psk, rpk or x509 (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Readings/s over all devices, e.g. 500/s or 500; 0 = closed loop"
                    + " (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s",
            description = "Length of the measured phase, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Mixin
    ServerOption server;

    @Option(names = "--workload", paramLabel = "W", defaultValue = "readings",
            description = "readings, handshakes or sessions (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + FleetOptions.DEFAULT_CONCURRENCY,
            description = "Handshakes in flight at most (readings ramp, handshakes lanes) or endpoints open at"
                    + " once (sessions) (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "" + FleetOptions.DEFAULT_IN_FLIGHT,
            description = "Closed loop: outstanding POSTs per device (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + FleetOptions.DEFAULT_BATCH,
            description = "Readings per POST; above 1 one compact SenML pack per POST, at most 64 so that it"
                    + " fits one CoAP message (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--sessions-per-device", paramLabel = "N",
            defaultValue = "" + FleetOptions.DEFAULT_SESSIONS_PER_DEVICE,
            description = "Sessions workload: sessions per identity, each from its own port"
                    + " (default: ${DEFAULT-VALUE}).")
    int sessionsPerDevice;

    @Option(names = "--close-sessions",
            description = "Sessions workload: end each session with a DTLS close_notify before dropping its"
                    + " endpoint (for servers such as libcoap that ignore a new handshake from a known port).")
    boolean closeSessions;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads shared by all device endpoints (default: the available processors).")
    Integer threads;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the summary as one JSON object (snake_case keys).")
    boolean json;

    private final FleetInterruption interruption = new FleetInterruption();

    public static void main(String[] args) {
        FleetMain fleet = new FleetMain();
        int code = Cli.run("fleet", fleet, args);
        // after Ctrl-C the JVM is already shutting down: its shutdown hook ends it with this code
        fleet.interruption.exit(code);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        FleetOptions options = options();
        Configuration configuration = DeviceConfig.create(config.file());
        interruption.install();
        try {
            FleetResult result;
            try {
                result = Fleet.run(options, configuration, System.err::println, interruption.stop());
            } catch (CredentialsException e) {
                throw new CliException(Cli.FAILURE, e.getMessage(), e);
            }
            System.out.println(json ? result.toJson() : FleetReport.table(result));
            if (result.interrupted()) {
                return FleetInterruption.EXIT_CODE;
            }
            return result.failures() == 0 ? 0 : Cli.FAILURE;
        } finally {
            // kept until the summary is out, so a signal while printing still waits for it
            interruption.uninstall();
        }
    }

    FleetOptions options() {
        CredentialMode credentialMode = ModeOption.parse(mode);
        Workload chosen = parseWorkload(workload);
        return Cli.parse(() -> FleetOptions.builder(credentials).server(server.uri()).mode(credentialMode)
                .devices(devices).firstDevice(firstDevice).workload(chosen).rate(parseRate(rate))
                .duration(duration).concurrency(concurrency).inFlight(inFlight).batch(batch)
                .sessionsPerDevice(sessionsPerDevice).closeSessions(closeSessions)
                .threads(threads != null ? threads : Runtime.getRuntime().availableProcessors())
                .build());
    }

    /** {@code 500/s}, {@code 500} or {@code 12.5/s} readings per second; {@code 0} means closed loop. */
    static double parseRate(String text) {
        Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CliException(Cli.USAGE, "--rate '" + text + "' is not a rate (examples: 500/s, 500, 0 for"
                    + " closed loop)");
        }
        return Double.parseDouble(m.group(1));
    }

    static Workload parseWorkload(String text) {
        for (Workload candidate : Workload.values()) {
            if (candidate.cliName().equalsIgnoreCase(text.trim())) {
                return candidate;
            }
        }
        throw new CliException(Cli.USAGE, "unknown --workload '" + text + "' (use readings, handshakes or sessions)");
    }
}
