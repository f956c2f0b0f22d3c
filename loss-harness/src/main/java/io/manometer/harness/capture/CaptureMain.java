package io.manometer.harness.capture;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.cli.ModeOption;
import io.manometer.cli.PercentConverter;
import io.manometer.cli.ServerOption;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.capture.CaptureSettings.Loopback;
import io.manometer.harness.link.Impairment;
import io.manometer.harness.link.LinkCounters;
import io.manometer.protocol.DeviceId;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code manometer capture}: one command from nothing to a decrypted CoAP exchange in Wireshark. It runs a server
 * and a device through the harness link, writes the capture and the key log, and prints the commands that decrypt
 * them.
 */
@Command(name = "manometer capture", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capture a DTLS session of one device posting readings, with the key log that decrypts it,"
                + " and print the exact tshark/Wireshark commands. No root needed: the capture is written by the"
                + " harness link between device and server."},
        footer = {"", "Files:",
            "  DIR/capture.pcap     pcapng; Wireshark and tshark detect the format by content",
            "  DIR/keys.log         NSS key log, mode 0600: it decrypts the capture",
            "  DIR/loopback.pcapng  only where dumpcap can capture on lo",
            "Exit codes: 0 every reading acknowledged, 1 otherwise or no capture,",
            "            2 bad usage. More in docs/wireshark.md."})
public final class CaptureMain implements Callable<Integer> {

    @Option(names = "--mode", required = true, paramLabel = "MODE",
            description = "Credential mode: psk, ecdhe-psk, rpk or x509.")
    String mode;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for capture.pcap, keys.log and loopback.pcapng (created if missing).")
    Path out;

    @Option(names = "--count", paramLabel = "N", defaultValue = "3",
            description = "Readings the device POSTs (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--server", paramLabel = "URI",
            description = "Capture traffic to this running server (coaps://HOST:PORT) instead of starting one;"
                    + " needs --credentials; the key log then comes from the device.")
    String server;

    @Option(names = "--credentials", paramLabel = "DIR",
            description = "Credentials folder to use (default: DIR/credentials, created when missing).")
    Path credentials;

    @Option(names = "--id", paramLabel = "ID", defaultValue = "dev-1",
            description = "Device id: PSK identity and certificate CN (default: ${DEFAULT-VALUE}).")
    String id;

    @Option(names = "--cipher-suite", paramLabel = "NAME",
            description = "Offer only this suite. Default: the mode's, except ecdhe-psk, which offers"
                    + " TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256 because Wireshark 4.0 cannot decrypt the CCM_8 one.")
    String cipherSuite;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
            description = "Random loss on the link in both directions, 0..100 %% (default: none). Dropped datagrams"
                    + " are in the capture too, on interface 1 'dropped'.")
    double loss;

    @Option(names = "--replay", paramLabel = "P", defaultValue = "0",
            description = "Re-inject a copy of P %% of forwarded datagrams 1 s later, as an attacker would.")
    double replay;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the link's loss decisions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--short-timers",
            description = "CoAP ACK_TIMEOUT 200 ms and DTLS flights from 200 ms (10 retransmissions), so a lossy"
                    + " capture takes seconds; default: the real device's and server's timers.")
    boolean shortTimers;

    @Option(names = "--loopback", negatable = true,
            description = "Also capture on lo with dumpcap (needs root or CAP_NET_RAW). Default: when dumpcap is"
                    + " on the PATH; if it cannot capture, one line says so and the capture goes on.")
    Boolean loopback;

    @Option(names = "--force", description = "Replace capture.pcap, keys.log and loopback.pcapng in DIR.")
    boolean force;

    private final PrintStream stdout;

    public CaptureMain() {
        this(System.out);
    }

    CaptureMain(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(Cli.run("capture", new CaptureMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        CaptureSettings settings = settings();
        CaptureReport report;
        try {
            report = CaptureSession.run(settings);
        } catch (CaptureException e) {
            throw new CliException(Cli.FAILURE, e.getMessage(), e);
        }
        print(report);
        return report.allAcknowledged() ? 0 : Cli.FAILURE;
    }

    CaptureSettings settings() {
        CredentialMode credentialMode = ModeOption.parse(mode);
        if (count < 1 || count > CaptureSettings.MAX_READINGS) {
            throw new CliException(Cli.USAGE, "--count must be 1.." + CaptureSettings.MAX_READINGS + ", got " + count);
        }
        if (server != null && credentials == null) {
            throw new CliException(Cli.USAGE, "--server needs --credentials: the folder the running server uses");
        }
        CaptureSettings.Builder builder = CaptureSettings.builder(credentialMode, out)
                .readings(count)
                .device(Cli.parse(() -> DeviceId.of(id)))
                .impairment(Cli.parse(() -> Impairment.builder().loss(PercentConverter.checked("--loss", loss))
                        .replay(PercentConverter.checked("--replay", replay)).build()))
                .seed(seed)
                .loopback(loopback == null ? Loopback.AUTO : loopback ? Loopback.ON : Loopback.OFF)
                .timers(shortTimers ? CaptureTimers.SHORT : CaptureTimers.RFC)
                .replace(force);
        if (credentials != null) {
            builder.credentials(credentials);
        }
        if (server != null) {
            builder.server(ServerOption.parse(server));
        }
        if (cipherSuite != null) {
            CipherSuite suite = CipherSuite.getTypeByName(cipherSuite.trim());
            if (suite == null) {
                throw new CliException(Cli.USAGE, "unknown --cipher-suite '" + cipherSuite + "'");
            }
            Cli.parse(() -> SuiteChoice.of(credentialMode, Optional.of(suite)));
            builder.cipherSuite(suite);
        }
        return Cli.parse(builder::build);
    }

    void print(CaptureReport report) {
        report.notes().forEach(note -> stdout.println("note: " + note));
        stdout.printf("manometer capture: %s, %s, %d/%d readings acknowledged%s%n", report.mode(),
                report.cipherSuite(), report.acknowledged(), report.exchanges().size(), retransmissions(report));
        stdout.printf("  capture      %s  (pcapng: the link<->server hop; interface 0 'forwarded', 1 'dropped')%n",
                report.capture());
        stdout.printf("  key log      %s  (written by the %s; anyone with it can decrypt the capture)%n",
                report.keyLog(), report.keyLogSide());
        report.loopback().ifPresent(file -> stdout.printf("  loopback     %s  (dumpcap -i lo: the same hop as the"
                + " kernel saw it)%n", file));
        stdout.printf("  credentials  %s%n", report.credentials());
        stdout.printf("  server       udp port %d%s%n", report.server().getPort(),
                report.server().getPort() == DecryptCommands.COAPS_PORT ? ""
                        : " (not 5684: tell Wireshark with -d udp.port==" + report.server().getPort()
                                + ",dtls -d dtls.port==" + report.server().getPort() + ",coap)");
        for (Exchange exchange : report.exchanges()) {
            stdout.printf("  POST /pressure %s -> %s%n", exchange.payload(), exchange.outcome());
        }
        stdout.println();
        for (DecryptCommands.Command command : DecryptCommands.of(report)) {
            stdout.println("# " + command.purpose());
            stdout.println(command.shell());
        }
        stdout.flush();
    }

    private static String retransmissions(CaptureReport report) {
        LinkCounters link = report.link();
        long dropped = link.total().dropped();
        if (dropped == 0 && report.deviceCounters().coapRetransmissions() == 0
                && report.deviceCounters().dtlsFlightRetransmissions() == 0) {
            return "";
        }
        return String.format("; link dropped %d up, %d down; device retransmitted %d DTLS flight(s), %d CoAP"
                + " request(s)", link.up().dropped(), link.down().dropped(),
                report.deviceCounters().dtlsFlightRetransmissions(), report.deviceCounters().coapRetransmissions());
    }
}
