package io.manometer.harness.compare;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.cli.PercentConverter;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code manometer compare}: measures the four credential modes side by side on this machine and writes
 * {@code compare.csv}, {@code report.md} and SVG charts, with the measured bytes beside the RFC-derived DTLS 1.2
 * minimum and the IETF DTLS 1.3 figures (docs/compare.md).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare PSK, ECDHE-PSK, raw public key and X.509 handshakes: bytes, datagrams, flights, time,"
                + " CPU, resumption, behaviour under loss, server throughput; against the RFC minimum and the IETF"
                + " DTLS 1.3 figures.",
            "Runs a real server and fresh devices on 127.0.0.1. Progress goes to stderr, the list of files written"
                + " to stdout."})
public final class CompareMain implements Callable<Integer> {

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(names = "--modes", paramLabel = "MODES", split = ",", defaultValue = "psk,ecdhe-psk,rpk,x509",
            description = "Modes to compare, in report order (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--handshakes", paramLabel = "N", defaultValue = "50",
            description = "Fresh devices per mode and phase (default: ${DEFAULT-VALUE}).")
    int handshakes;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "50",
            description = "Handshakes per mode before measuring, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--loss", paramLabel = "P", converter = PercentConverter.class,
            description = "Also measure completion and time over a link losing P %% of datagrams each way.")
    Double loss;

    @Option(names = "--rtt", paramLabel = "DURATION",
            description = "Also measure handshake time over a link with this round-trip time, e.g. 100ms.")
    Duration rtt;

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "default",
            description = "default (Manometer as shipped) or lean (constrained links) for server and devices"
                    + " (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "compare",
            description = "Output folder for compare.csv, report.md, charts and lean/ (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the credentials and the link (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--saturation", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long each mode keeps the server busy to count handshakes/s; 0 skips it"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration saturation;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
            description = "Devices at once in the RTT and saturation phases (default: ${DEFAULT-VALUE}).")
    int concurrency;

    public static void main(String[] args) {
        // the progress lines are the output on stderr; every started and stopped server and link would drown them
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        System.exit(Cli.run("manometer compare", new CompareMain(), args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CompareRun.Options options = options();
        CompareResult result;
        try {
            result = CompareRun.run(options, line -> System.err.println("compare: " + line));
        } catch (CredentialsException e) {
            throw new CliException(Cli.FAILURE, "cannot issue the comparison's credentials: " + e.getMessage(), e);
        }
        for (Path file : CompareOutput.write(result, out)) {
            System.out.println(file);
        }
        return 0;
    }

    CompareRun.Options options() {
        List<CredentialMode> selected = new ArrayList<>(new LinkedHashSet<>(modes.stream().map(name -> CredentialMode
                .fromCliName(name.trim()).orElseThrow(() -> new CliException(Cli.USAGE, "unknown mode '" + name
                        + "' (modes: " + CredentialMode.cliNames() + ")"))).toList()));
        Profile chosen = Profile.byName(profile).orElseThrow(() -> new CliException(Cli.USAGE, "unknown profile '"
                + profile + "' (profiles: default, lean)"));
        if (handshakes < 1 || warmup < 0 || concurrency < 1) {
            throw new CliException(Cli.USAGE, "--handshakes and --concurrency must be at least 1, --warmup at"
                    + " least 0");
        }
        if (loss != null && (loss < 0 || loss >= 100)) {
            throw new CliException(Cli.USAGE, "--loss must be 0..99 %, got " + loss);
        }
        if (rtt != null && (rtt.isNegative() || rtt.isZero())) {
            throw new CliException(Cli.USAGE, "--rtt must be greater than 0");
        }
        if (saturation.isNegative()) {
            throw new CliException(Cli.USAGE, "--saturation must not be negative");
        }
        return new CompareRun.Options(selected, handshakes, warmup, chosen, Optional.ofNullable(rtt),
                loss == null ? OptionalDouble.empty() : OptionalDouble.of(loss), seed, saturation, concurrency);
    }
}
