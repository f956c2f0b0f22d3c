package io.manometer.device.demo;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.device.publish.SessionInfo;
import io.manometer.device.sensor.PressureSensor;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.JsonReadingCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code manometer demo}: the whole secure path in under a minute. Generates credentials, starts the real server
 * jar, runs one device per credential mode, reads the history back, stops the server and prints what happened.
 */
@Command(name = "manometer demo", mixinStandardHelpOptions = true,
        description = "Generate credentials, start the server, post readings in every mode (psk, ecdhe-psk, rpk, "
                + "x509), read them back, stop.")
public final class DemoMain implements Callable<Integer> {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** A JVM ended by SIGTERM exits 128 + 15 once its shutdown hooks ran. */
    private static final int SIGTERM_EXIT = 143;

    @Option(names = "--server-jar", paramLabel = "JAR", defaultValue = "coap-server/target/coap-server.jar",
            description = "The server jar to run (default: ${DEFAULT-VALUE}).")
    Path serverJar;

    @Option(names = "--readings", paramLabel = "N", defaultValue = "3",
            description = "Readings per mode (default: ${DEFAULT-VALUE}).")
    int readings;

    @Option(names = "--keep", description = "Keep the scratch folder (credentials, server log) and print its path.")
    boolean keep;

    /** One row of the result table. */
    private record Row(CredentialMode mode, DeviceId device, String suite, double handshakeMillis, int acknowledged,
            int sent, double rttMillis, String error) {
    }

    /** Reads the readings back: an observer identity, since a sensor may read only its own readings. */
    private static final DeviceId DASHBOARD = DeviceId.of("dashboard");

    public static void main(String[] args) {
        System.exit(Cli.run("demo", new DemoMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(serverJar)) {
            throw new CliException(Cli.FAILURE, serverJar + " not found: build it with 'mvn -B -q package "
                    + "-DskipTests' or run ./manometer demo");
        }
        if (readings < 1 || readings > 100) {
            throw new CliException(Cli.USAGE, "--readings must be 1..100");
        }
        Path scratch = Files.createTempDirectory("manometer-demo-");
        try {
            return run(scratch);
        } finally {
            if (keep) {
                System.out.println("scratch folder kept: " + scratch);
            } else {
                deleteTree(scratch);
            }
        }
    }

    private int run(Path scratch) throws Exception {
        CredentialsLayout layout = new CredentialsLayout(scratch.resolve("credentials"));
        List<CredentialMode> modes = List.of(CredentialMode.values());
        List<DeviceId> devices = new ArrayList<>();
        for (CredentialMode mode : modes) {
            devices.add(DeviceId.of("sensor-" + mode.cliName()));
        }
        SecureRandom random = new SecureRandom();
        CredentialsProvisioner provisioner = new CredentialsProvisioner(new CredentialIssuer(random),
                new PskGenerator(random), Clock.systemUTC());
        List<DeviceId> identities = new ArrayList<>(devices);
        identities.add(DASHBOARD);
        provisioner.init(layout, identities, false);
        provisioner.setObservers(layout, Set.of(DASHBOARD));
        System.out.println("1. credentials: CA, server, " + devices.size() + " devices and an observer ('"
                + DASHBOARD + "', may read every device) in " + layout.root());
        Path log = scratch.resolve("server.log");
        try (ServerProcess server = ServerProcess.start(serverJar.toAbsolutePath(), layout.root(), scratch, log)) {
            URI uri;
            try {
                uri = URI.create(server.awaitUri(START_TIMEOUT));
            } catch (IOException e) {
                throw new CliException(Cli.FAILURE, "server failed to start: " + e.getMessage() + " (log: " + log
                        + ", use --keep to inspect)");
            }
            System.out.println("2. server: " + uri + " (the real coap-server.jar as a child process, all four modes)");
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < modes.size(); i++) {
                rows.add(runDevice(uri, layout, modes.get(i), devices.get(i)));
            }
            System.out.println("3. devices posted " + readings + " readings each:");
            printTable(rows);
            int stored = readBack(uri, layout, DASHBOARD);
            int exit = server.stop(Duration.ofSeconds(15));
            String meaning = exit == SIGTERM_EXIT ? ": 128+SIGTERM, after a clean shutdown" : "";
            System.out.println("5. server stopped by SIGTERM (exit code " + exit + meaning + ")");
            boolean allAcknowledged = rows.stream().allMatch(r -> r.acknowledged() == readings);
            if (!allAcknowledged || stored != devices.size()) {
                System.out.println("demo FAILED: not every reading was acknowledged and read back");
                return Cli.FAILURE;
            }
            System.out.println("demo OK: " + rows.size() * readings + " readings acknowledged in " + rows.size()
                    + " modes and read back");
            return 0;
        }
    }

    private Row runDevice(URI uri, CredentialsLayout layout, CredentialMode mode, DeviceId device)
            throws IOException, CredentialsException {
        DeviceCredentials credentials = DeviceDtls.loadCredentials(layout, device, mode);
        PressureSensor sensor = new PressureSensor(device.value().hashCode());
        int acknowledged = 0;
        List<Double> rtts = new ArrayList<>();
        String error = "";
        try (ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(uri, mode,
                Optional.empty(), Optional.empty(), DeviceConfig.create(Optional.empty())), credentials)) {
            publisher.start();
            for (int seq = 0; seq < readings; seq++) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                PublishResult result = publisher.publish(new PressureReading(device, seq, sensor.read(), now),
                        ContentFormat.JSON).join();
                if (result instanceof PublishResult.Answered answered && answered.acknowledged()) {
                    acknowledged++;
                    rtts.add(answered.rttMillis());
                } else if (result instanceof PublishResult.Failed failed) {
                    error = failed.reason();
                    break;
                }
            }
            Optional<SessionInfo> session = publisher.session();
            rtts.sort(Comparator.naturalOrder());
            double median = rtts.isEmpty() ? -1 : rtts.get(rtts.size() / 2);
            return new Row(mode, device, session.map(SessionInfo::cipherSuite).orElse("-"),
                    session.map(SessionInfo::handshakeMillis).orElse(-1.0), acknowledged, readings, median, error);
        }
    }

    private int readBack(URI uri, CredentialsLayout layout, DeviceId device) throws Exception {
        try (ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(uri,
                CredentialMode.PSK, Optional.empty(), Optional.empty(), DeviceConfig.create(Optional.empty())),
                DeviceCredentials.loadPsk(layout, device))) {
            publisher.start();
            PublishResult result = publisher.get("").join();
            if (!(result instanceof PublishResult.Answered answered) || !answered.code().equals("2.05")) {
                System.out.println("4. GET /pressure failed: " + result);
                return 0;
            }
            List<PressureReading> latest = new JsonReadingCodec().decodeAll(answered.payload());
            System.out.println("4. GET /pressure (latest reading per device, as " + device + "):");
            for (PressureReading reading : latest) {
                System.out.printf(Locale.ROOT, "   %-18s seq=%d kPa=%.3f ts=%s%n", reading.device(), reading.seq(),
                        reading.kPa(), reading.ts());
            }
            return latest.size();
        }
    }

    private static void printTable(List<Row> rows) {
        String format = "   %-10s %-42s %13s %7s %12s%n";
        System.out.printf(Locale.ROOT, format, "mode", "cipher suite", "handshake", "acked", "rtt p50");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, format, row.mode().cliName(), row.suite(),
                    String.format(Locale.ROOT, "%.1f ms", row.handshakeMillis()), row.acknowledged() + "/" + row.sent(),
                    String.format(Locale.ROOT, "%.1f ms", row.rttMillis()));
            if (!row.error().isEmpty()) {
                System.out.println("   " + row.device() + ": " + row.error());
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
