package io.manometer.credentials.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.CredentialsRevoker;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.PemFiles;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.RevocationList;
import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code manometer credentials}: create a credentials folder, add devices to it, mark observers (devices that may
 * read every device's readings), list what it holds, revoke devices.
 */
@Command(name = "manometer credentials", mixinStandardHelpOptions = true,
        description = "Generate and inspect Manometer credentials (CA, server, devices: X.509, RPK, PSK).",
        subcommands = {CredentialsMain.Init.class, CredentialsMain.AddDevice.class, CredentialsMain.ListDevices.class,
            CredentialsMain.Revoke.class})
public final class CredentialsMain implements Runnable {

    /** Beyond this a count is more likely a typo than a fleet; 100,000 devices are about 400,000 files. */
    static final int MAX_GENERATED_DEVICES = 100_000;

    public static void main(String[] args) {
        System.exit(Cli.run("credentials", new CredentialsMain(), args));
    }

    @Override
    public void run() {
        throw new CliException(Cli.USAGE, "missing subcommand: init, add-device, list or revoke (see --help)");
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
            // more digits than an int holds is out of range too, not a NumberFormatException
            int count = spec.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(spec);
            if (count < 1 || count > MAX_GENERATED_DEVICES) {
                throw new CliException(Cli.USAGE, "--devices N must be between 1 and " + MAX_GENERATED_DEVICES);
            }
            for (int i = 1; i <= count; i++) {
                devices.add(DeviceId.of("dev-" + i));
            }
            return devices;
        }
        Set<DeviceId> seen = new HashSet<>();
        for (String part : spec.split(",")) {
            if (!part.isBlank()) {
                DeviceId id = deviceId(part);
                if (!seen.add(id)) {
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
    static Set<DeviceId> parseObservers(List<String> specs, List<DeviceId> deviceList) {
        Set<DeviceId> devices = new HashSet<>(deviceList);
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
            CredentialsProvisioner provisioner = provisioner().withProgress(
                    (done, total) -> System.err.printf("credentials: issued %d of %d devices%n", done, total));
            try {
                List<Path> written = provisioner.init(layout, ids, force);
                if (force) {
                    // it names devices of the old CA; the new folder's devices must not inherit their revocation
                    deleteRevocations(layout);
                }
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
                if (RevocationList.read(layout.revoked()).contains(device)) {
                    // the deny list is keyed by CN: a new device under this id would un-revoke the old certificate
                    throw new CliException(Cli.FAILURE, device + " is revoked (" + layout.revoked() + ") and is never"
                            + " re-issued, --force or not, because its old certificate would be accepted again;"
                            + " choose a new id");
                }
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
                Set<Path> files = deviceFiles(layout);
                for (DeviceId id : registry.devices()) {
                    printDevice(id, kinds(layout, files, id), registry.isObserver(id) ? "observer" : "");
                }
                for (DeviceId id : registry.revoked()) {
                    // what is left of it: the certificate and public key, kept as a record
                    printDevice(id, kinds(layout, files, id), "revoked");
                }
                return 0;
            } catch (CredentialsException e) {
                throw new CliException(Cli.FAILURE, e.getMessage(), e);
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke devices: the server refuses them in every mode (PSK, RPK, certificate) from their"
                    + " next handshake, and a running server drops their sessions within seconds, without a restart."
                    + " Adds them to revoked.txt, deletes their PSK files and keeps their certificate and public key"
                    + " as a record. A revoked id is never re-issued.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "Device ids to revoke.")
        List<String> ids;

        @Option(names = "--dir", defaultValue = "credentials",
                description = "Credentials folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why; kept as a comment in revoked.txt.")
        String reason;

        @Override
        public Integer call() {
            List<DeviceId> devices = new ArrayList<>(new LinkedHashSet<>(ids.stream()
                    .map(CredentialsMain::deviceId).toList()));
            CredentialsLayout layout = new CredentialsLayout(dir);
            if (!Files.isDirectory(layout.devices())) {
                throw new CliException(Cli.FAILURE, layout.devices() + " not found: run ./manometer credentials init"
                        + " --dir " + dir);
            }
            try {
                List<DeviceId> unknown = CredentialsRevoker.unknown(layout, devices);
                if (!unknown.isEmpty()) {
                    throw new CliException(Cli.USAGE, "unknown device '" + unknown.get(0) + "': no credentials in "
                            + layout.devices());
                }
                CredentialsRevoker.Outcome outcome = new CredentialsRevoker(Clock.systemUTC()).revoke(layout,
                        devices, reason);
                for (DeviceId id : outcome.alreadyRevoked()) {
                    System.out.printf("%s was already revoked (%s)%n", id, layout.revoked());
                }
                for (DeviceId id : outcome.revoked()) {
                    System.out.printf("revoked %s: listed in %s; its next handshake is refused in every mode%n", id,
                            layout.revoked());
                }
                for (Path file : outcome.deletedSecrets()) {
                    System.out.printf("deleted %s%n", file);
                }
                if (!outcome.revoked().isEmpty()) {
                    System.out.println("a running server drops the revoked devices' sessions within seconds;"
                            + " no restart needed");
                }
                return 0;
            } catch (CredentialsException e) {
                throw new CliException(Cli.FAILURE, e.getMessage(), e);
            }
        }
    }

    private static List<String> kinds(CredentialsLayout layout, Set<Path> files, DeviceId id) {
        List<String> kinds = new ArrayList<>();
        if (files.contains(layout.devicePsk(id))) {
            kinds.add("psk");
        }
        if (files.contains(layout.devicePublicKey(id))) {
            kinds.add("rpk");
        }
        if (files.contains(layout.deviceCertificate(id))) {
            kinds.add("x509");
        }
        return kinds;
    }

    private static void printDevice(DeviceId id, List<String> kinds, String role) {
        System.out.println(String.format("device  %-20s %-12s  %s", id, String.join(",", kinds), role)
                .stripTrailing());
    }

    private static void deleteRevocations(CredentialsLayout layout) throws CredentialsException {
        try {
            Files.deleteIfExists(layout.revoked());
        } catch (IOException e) {
            throw new CredentialsException("cannot delete " + layout.revoked() + ": " + e.getMessage(), e);
        }
    }

    /** One listing rather than three {@code stat} calls per device. */
    private static Set<Path> deviceFiles(CredentialsLayout layout) throws CredentialsException {
        try (Stream<Path> files = Files.list(layout.devices())) {
            return files.collect(Collectors.toSet());
        } catch (IOException e) {
            throw new CredentialsException("cannot list " + layout.devices() + ": " + e.getMessage(), e);
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
