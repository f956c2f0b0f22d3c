package io.manometer.credentials.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.PemFiles;
import io.manometer.credentials.PskGenerator;
import io.manometer.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code manometer credentials}: create a credentials folder, add devices to it, mark observers (devices that may
 * read every device's readings), list what it holds.
 */
@Command(name = "manometer credentials", mixinStandardHelpOptions = true,
        description = "Generate and inspect Manometer credentials (CA, server, devices: X.509, RPK, PSK).",
        subcommands = {CredentialsMain.Init.class, CredentialsMain.AddDevice.class, CredentialsMain.ListDevices.class})
public final class CredentialsMain implements Runnable {

    /** Device lists beyond this are a typo, not a fleet; fleets are provisioned with add-device or a script. */
    static final int MAX_GENERATED_DEVICES = 10_000;

    public static void main(String[] args) {
        System.exit(Cli.run("credentials", new CredentialsMain(), args));
    }

    @Override
    public void run() {
        throw new CliException(Cli.USAGE, "missing subcommand: init, add-device or list (see --help)");
    }

    static CredentialsProvisioner provisioner() {
        SecureRandom random = new SecureRandom();
        return new CredentialsProvisioner(new CredentialIssuer(random), new PskGenerator(random), Clock.systemUTC());
    }

    static DeviceId deviceId(String text) {
        try {
            return DeviceId.of(text.trim());
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.USAGE, e.getMessage());
        }
    }

    /** {@code --devices dev-1,dev-2} or {@code --devices 3} (meaning dev-1, dev-2, dev-3). */
    static List<DeviceId> parseDevices(String spec) {
        List<DeviceId> devices = new ArrayList<>();
        if (spec.matches("[0-9]+")) {
            int count = Integer.parseInt(spec);
            if (count < 1 || count > MAX_GENERATED_DEVICES) {
                throw new CliException(Cli.USAGE, "--devices N must be between 1 and " + MAX_GENERATED_DEVICES);
            }
            for (int i = 1; i <= count; i++) {
                devices.add(DeviceId.of("dev-" + i));
            }
            return devices;
        }
        for (String part : spec.split(",")) {
            if (!part.isBlank()) {
                DeviceId id = deviceId(part);
                if (devices.contains(id)) {
                    throw new CliException(Cli.USAGE, "device '" + id + "' is listed twice");
                }
                devices.add(id);
            }
        }
        if (devices.isEmpty()) {
            throw new CliException(Cli.USAGE, "--devices needs at least one device id or a count");
        }
        return devices;
    }

    /** {@code --observers a,b}: each must be one of {@code devices}, checked before anything is written. */
    static Set<DeviceId> parseObservers(List<String> specs, List<DeviceId> devices) {
        Set<DeviceId> observers = new TreeSet<>();
        for (String spec : specs) {
            if (spec.isBlank()) {
                continue;
            }
            DeviceId id = deviceId(spec);
            if (!devices.contains(id)) {
                throw new CliException(Cli.USAGE, "--observers: '" + id + "' is not one of the devices being created"
                        + " (--devices)");
            }
            observers.add(id);
        }
        if (observers.isEmpty()) {
            throw new CliException(Cli.USAGE, "--observers needs at least one device id");
        }
        return observers;
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a CA, the server's certificate and keys, and credentials for each device.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "credentials",
                description = "Credentials folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--devices", required = true, paramLabel = "IDS|N",
                description = "Comma-separated device ids (dev-1,dev-2) or a count N for dev-1..dev-N.")
        String devices;

        @Option(names = "--observers", split = ",", paramLabel = "ID",
                description = "Devices (from --devices) that may read every device's readings with GET /pressure;"
                        + " every other device reads only its own. Written to observers.txt.")
        List<String> observers;

        @Option(names = "--force",
                description = "Replace existing credentials (devices issued by the old CA stop working; the old"
                        + " observers.txt is removed).")
        boolean force;

        @Override
        public Integer call() {
            List<DeviceId> ids = parseDevices(devices);
            Set<DeviceId> observerIds = observers == null ? Set.of() : parseObservers(observers, ids);
            CredentialsLayout layout = new CredentialsLayout(dir);
            CredentialsProvisioner provisioner = provisioner();
            try {
                List<Path> written = provisioner.init(layout, ids, force);
                System.out.printf("created %d files in %s: CA, server, %d device(s) (%s)%n", written.size(), dir,
                        ids.size(), summary(ids));
                if (!observerIds.isEmpty()) {
                    provisioner.setObservers(layout, observerIds);
                    System.out.printf("observers (may read every device's readings): %s%n", names(observerIds));
                }
                System.out.println("private keys and PSKs are mode 0600; keep ca.key offline once devices are issued");
                return 0;
            } catch (CredentialsException e) {
                throw new CliException(Cli.FAILURE, e.getMessage(), e);
            }
        }
    }

    @Command(name = "add-device", mixinStandardHelpOptions = true,
            description = "Issue credentials (certificate, key pair, PSK) for one more device with the existing CA.")
    static final class AddDevice implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "Device id (letters, digits, '.', '_', '-').")
        String id;

        @Option(names = "--dir", defaultValue = "credentials",
                description = "Credentials folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--force", description = "Re-issue the device's credentials if they exist.")
        boolean force;

        @Option(names = "--observer",
                description = "Also make the device an observer (added to observers.txt): it may read every device's"
                        + " readings with GET /pressure instead of only its own.")
        boolean observer;

        @Override
        public Integer call() {
            DeviceId device = deviceId(id);
            CredentialsLayout layout = new CredentialsLayout(dir);
            CredentialsProvisioner provisioner = provisioner();
            try {
                provisioner.addDevice(layout, device, force);
                System.out.printf("added %s: %s/devices/%s.{crt,key,pub,psk}%n", device, dir, device);
                if (observer) {
                    provisioner.addObserver(layout, device);
                    System.out.printf("%s is an observer: it may read every device's readings (%s)%n", device,
                            layout.observers());
                }
                System.out.println("restart the server (or start it) to accept the new device");
                return 0;
            } catch (CredentialsException e) {
                throw new CliException(Cli.FAILURE, e.getMessage(), e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the devices the server would accept, their credentials and role (observers may"
                    + " read every device's readings), and the certificates' validity.")
    static final class ListDevices implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "credentials",
                description = "Credentials folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() {
            CredentialsLayout layout = new CredentialsLayout(dir);
            try {
                X509Certificate ca = PemFiles.loadCertificates(layout.caCertificate())[0];
                X509Certificate server = PemFiles.loadCertificates(layout.serverCertificate())[0];
                System.out.printf("CA      %s  valid until %s%n", ca.getSubjectX500Principal().getName(),
                        ca.getNotAfter().toInstant());
                System.out.printf("server  %s  valid until %s%n", server.getSubjectX500Principal().getName(),
                        server.getNotAfter().toInstant());
                DeviceRegistry registry = DeviceRegistry.load(layout);
                for (DeviceId id : registry.devices()) {
                    List<String> kinds = new ArrayList<>();
                    if (Files.exists(layout.devicePsk(id))) {
                        kinds.add("psk");
                    }
                    if (Files.exists(layout.devicePublicKey(id))) {
                        kinds.add("rpk");
                    }
                    if (Files.exists(layout.deviceCertificate(id))) {
                        kinds.add("x509");
                    }
                    String role = registry.isObserver(id) ? "observer" : "";
                    System.out.println(String.format("device  %-20s %-12s  %s", id, String.join(",", kinds), role)
                            .stripTrailing());
                }
                return 0;
            } catch (CredentialsException e) {
                throw new CliException(Cli.FAILURE, e.getMessage(), e);
            }
        }
    }

    private static String names(Set<DeviceId> ids) {
        return String.join(", ", ids.stream().map(DeviceId::value).toList());
    }

    private static String summary(List<DeviceId> ids) {
        if (ids.size() <= 5) {
            return String.join(", ", ids.stream().map(DeviceId::value).toList());
        }
        return ids.get(0) + " .. " + ids.get(ids.size() - 1);
    }
}
