package io.manometer.harness.fuzz;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.CredentialsException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code manometer harness fuzz}: throws hostile datagrams and hostile CoAP at a server while a legitimate device
 * keeps posting, and says whether the server survived unharmed. Without {@code --server} it fuzzes an in-process
 * server, which is the only way to see crashes, connections and heap.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fuzz the server: random and mutated DTLS records, a ClientHello flood from 512 ports, bogus"
                + " CID records, application data without a session, then malformed CoAP from an authenticated"
                + " device, while a legitimate device posts every 50 ms.",
            "Prints a Markdown report (or --json). Exit code 0 when the server passed, 1 on a crash, a 5.xx to bad"
                + " input, an unacknowledged reading or connections/heap not back to baseline, 2 for bad input."})
public final class FuzzMain implements Callable<Integer> {

    @Option(names = "--server", paramLabel = "URI",
            description = "An external server (coaps://host:port); default: a fresh in-process server on 127.0.0.1.")
    URI server;

    @Option(names = "--credentials", paramLabel = "DIR",
            description = "Credentials folder holding the fuzzing devices (needed with --server).")
    Path credentials;

    @Option(names = "--devices", paramLabel = "LEGIT,ABUSER,RECORDER", split = ",", defaultValue = "dev-1,dev-2,dev-3",
            description = "The legitimate device, the abusing device and the device whose handshakes are recorded"
                    + " (default: ${DEFAULT-VALUE}).")
    List<String> devices;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice (default: 42).")
    long seed;

    @Option(names = "--datagrams", paramLabel = "N", defaultValue = "100000",
            description = "Raw datagrams in total, shared by the raw categories (default: ${DEFAULT-VALUE}).")
    long datagrams;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "5m",
            description = "Upper bound of the raw phase; each category gets its share (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--coap-timeout", paramLabel = "DURATION", defaultValue = "1s",
            description = "Wait for the answer to one abusive CoAP message (default: ${DEFAULT-VALUE}).")
    Duration coapTimeout;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "15s",
            description = "Wait at most this long for connections to return to baseline (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--json", description = "Print one JSON object instead of the Markdown report.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (devices.size() != 3) {
            throw new CliException(Cli.USAGE, "--devices needs three ids: legitimate, abusing, recording");
        }
        FuzzOptions options;
        try {
            options = new FuzzOptions(Optional.ofNullable(server), Optional.ofNullable(credentials), devices.get(0),
                    devices.get(1), devices.get(2), seed, datagrams, duration, coapTimeout, settle);
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.USAGE, e.getMessage());
        }
        FuzzResult result;
        try {
            result = new FuzzRun(options, System.err).run();
        } catch (CredentialsException | IllegalArgumentException e) {
            throw new CliException(Cli.FAILURE, e.getMessage());
        } catch (IOException e) {
            throw new CliException(Cli.FAILURE, "fuzz run failed: " + e.getMessage());
        }
        System.out.println(json ? FuzzReport.json(result) : FuzzReport.markdown(result));
        System.err.println(FuzzReport.summary(result));
        return result.passed() ? 0 : Cli.FAILURE;
    }
}
