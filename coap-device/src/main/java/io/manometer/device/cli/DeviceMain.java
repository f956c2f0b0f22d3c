package io.manometer.device.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.cli.ConfigOption;
import io.manometer.cli.KeyLogChoice;
import io.manometer.cli.ModeOption;
import io.manometer.cli.ServerOption;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.KeyFilePermissions;
import io.manometer.credentials.dtls.AppendingTlsKeyLog;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.device.journal.DeviceJournal;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.device.sensor.PressureSensor;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code manometer device}: one simulated pressure sensor posting readings to the server over DTLS. */
@Command(name = "manometer device", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run one simulated pressure sensor that POSTs readings to /pressure over DTLS 1.2.",
        footer = {"", "Exit codes: 0 every reading acknowledged, 1 some reading not acknowledged, 2 bad usage,",
            "            3 handshake refused (credentials), 4 server unreachable or silent.",
            "Environment: SSLKEYLOGFILE=FILE appends the TLS key log there when --keylog is not given (empty = off)."})
public final class DeviceMain implements Callable<Integer> {

    static final int HANDSHAKE_REFUSED = 3;
    static final int UNREACHABLE = 4;
    private static final int MAX_COUNT = 1_000_000;

    @Option(names = "--credentials", required = true, paramLabel = "DIR", description = "Credentials folder.")
    Path credentials;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Device id (PSK identity, cert CN).")
    String id;

    @Option(names = "--mode", required = true, paramLabel = "MODE", description = "psk, ecdhe-psk, rpk or x509.")
    String mode;

    @Mixin
    ServerOption server;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "Readings to send (default: 10).")
    int count;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "Time between readings, e.g. 200ms, 1s (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "Payload format: json, senml or text (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Append TLS session secrets (NSS key log) for Wireshark. Off by default; without this"
                    + " option, the SSLKEYLOGFILE environment variable is used when set and not empty.")
    Path keyLog;

    @Option(names = "--cipher-suite", paramLabel = "NAME",
            description = "Offer only this cipher suite, e.g. TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256.")
    String cipherSuite;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "data/devices",
            description = "Where the device keeps its seq and unacknowledged readings (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--seed", paramLabel = "N", description = "Sensor seed (default: derived from the id).")
    Long seed;

    @Option(names = "--json", description = "One JSON object per line instead of text.")
    boolean json;

    @Mixin
    ConfigOption config;

    private final CountDownLatch stop = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(Cli.run("device", new DeviceMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        DeviceId device = Cli.parse(() -> DeviceId.of(id));
        CredentialMode credentialMode = ModeOption.parse(mode);
        ContentFormat contentFormat = ContentFormat.fromShortName(format).orElseThrow(() -> new CliException(
                Cli.USAGE, "unknown --format '" + format + "' (use json, senml or text)"));
        Optional<CipherSuite> suite = cipherSuite(credentialMode);
        URI uri = server.uri();
        if (count < 1 || count > MAX_COUNT) {
            throw new CliException(Cli.USAGE, "--count must be 1.." + MAX_COUNT);
        }
        DeviceCredentials deviceCredentials = load(new CredentialsLayout(credentials), device, credentialMode);
        Configuration configuration = DeviceConfig.create(config.file());
        DeviceJournal journal = DeviceJournal.open(state.resolve(device.value() + ".journal"), device);
        PressureSensor sensor = new PressureSensor(seed != null ? seed : device.value().hashCode());
        ReadingReport report = new ReadingReport(System.out, json);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "device-stop"));
        Optional<Path> keyLogFile = KeyLogChoice.file(Optional.ofNullable(keyLog), System.getenv());
        try (AppendingTlsKeyLog log = keyLogFile.isEmpty() ? null : AppendingTlsKeyLog.open(keyLogFile.get());
                ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(uri, credentialMode,
                        suite, Optional.ofNullable(log), configuration), deviceCredentials)) {
            publisher.start();
            return run(publisher, journal, sensor, report, contentFormat, device, credentialMode);
        }
    }

    private int run(ReadingPublisher publisher, DeviceJournal journal, PressureSensor sensor, ReadingReport report,
            ContentFormat contentFormat, DeviceId device, CredentialMode credentialMode)
            throws IOException, InterruptedException {
        List<PressureReading> queue = new ArrayList<>(journal.pending());
        queue.forEach(report::resend);
        int sent = 0;
        int acknowledged = 0;
        int retransmissions = 0;
        boolean sessionShown = false;
        int fresh = 0;
        while (fresh < count || !queue.isEmpty()) {
            PressureReading reading;
            if (!queue.isEmpty()) {
                reading = queue.remove(0);
            } else {
                if (fresh > 0 && stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
                reading = journal.take(sensor.read(), Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS));
                fresh++;
            }
            PublishResult result = publisher.publish(reading, contentFormat).join();
            sent++;
            retransmissions += result.retransmissions();
            if (!sessionShown && result instanceof PublishResult.Answered) {
                publisher.session().ifPresent(s -> report.session(device.value(), credentialMode.cliName(),
                        server.text(), s));
                sessionShown = true;
            }
            report.reading(reading, result);
            if (result instanceof PublishResult.Answered answered) {
                // acknowledged or refused for good (4.xx): either way the server has decided, so stop re-sending
                journal.acknowledge(reading.seq());
                if (answered.acknowledged()) {
                    acknowledged++;
                }
            } else if (result instanceof PublishResult.Failed failed) {
                report.summary(sent, acknowledged, retransmissions);
                throw new CliException(exitCode(failed.kind()), failed.reason());
            }
        }
        report.summary(sent, acknowledged, retransmissions);
        return acknowledged == sent ? 0 : Cli.FAILURE;
    }

    private static int exitCode(FailureKind kind) {
        return switch (kind) {
            case HANDSHAKE_REJECTED -> HANDSHAKE_REFUSED;
            case UNREACHABLE, TIMEOUT -> UNREACHABLE;
            case LOCAL_ERROR -> Cli.FAILURE;
        };
    }

    private Optional<CipherSuite> cipherSuite(CredentialMode credentialMode) {
        if (cipherSuite == null) {
            return Optional.empty();
        }
        CipherSuite suite = CipherSuite.getTypeByName(cipherSuite.trim());
        if (suite == null) {
            throw new CliException(Cli.USAGE, "unknown --cipher-suite '" + cipherSuite + "'");
        }
        Cli.parse(() -> DeviceDtls.cipherSuites(credentialMode, Optional.of(suite)));
        return Optional.of(suite);
    }

    static DeviceCredentials load(CredentialsLayout layout, DeviceId device, CredentialMode mode) {
        try {
            // like ssh with its own key: a secret others may read is refused, with the chmod that fixes it
            KeyFilePermissions.requirePrivate(List.of(mode == CredentialMode.PSK || mode == CredentialMode.ECDHE_PSK
                    ? layout.devicePsk(device) : layout.deviceKey(device)));
            return DeviceDtls.loadCredentials(layout, device, mode);
        } catch (CredentialsException e) {
            throw new CliException(Cli.FAILURE, e.getMessage(), e);
        }
    }
}
