package io.manometer.bench;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The bench's scratch folder: fresh credentials for the simulated devices, and one folder per round for its
 * database. It lives in the JVM's normal temporary folder (on disk, not in memory) so SQLite's fsync is real.
 * <pre>
 *   manometer-bench-…/credentials/   CA, server and dev-1 … dev-D, as `manometer credentials init` writes them
 *   manometer-bench-…/round-N-sqlite/readings.db
 * </pre>
 */
final class BenchWorkspace implements AutoCloseable {

    private final Path root;
    private final boolean keep;
    private final CredentialsLayout layout;
    private final List<DeviceCredentials> devices;

    private BenchWorkspace(Path root, boolean keep, CredentialsLayout layout, List<DeviceCredentials> devices) {
        this.root = root;
        this.keep = keep;
        this.layout = layout;
        this.devices = devices;
    }

    /** Creates the folder and provisions {@code deviceCount} PSK devices named {@code dev-1} … into it. */
    static BenchWorkspace create(int deviceCount, boolean keep, Clock clock) throws IOException,
            CredentialsException {
        Path root = Files.createTempDirectory("manometer-bench-");
        try {
            CredentialsLayout layout = new CredentialsLayout(root.resolve("credentials"));
            List<DeviceId> ids = IntStream.rangeClosed(1, deviceCount).mapToObj(i -> DeviceId.of("dev-" + i)).toList();
            SecureRandom random = new SecureRandom();
            new CredentialsProvisioner(new CredentialIssuer(random), new PskGenerator(random), clock)
                    .init(layout, ids, false);
            List<DeviceCredentials> devices = new ArrayList<>();
            for (DeviceId id : ids) {
                devices.add(DeviceDtls.loadCredentials(layout, id, CredentialMode.PSK));
            }
            return new BenchWorkspace(root, keep, layout, List.copyOf(devices));
        } catch (CredentialsException | RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    Path root() {
        return root;
    }

    CredentialsLayout layout() {
        return layout;
    }

    List<DeviceCredentials> devices() {
        return devices;
    }

    /** A new empty folder for one round. */
    Path roundFolder(int round, StoreKind store) throws IOException {
        return Files.createDirectory(root.resolve("round-" + round + "-" + store.label()));
    }

    /** What the databases are written to, e.g. {@code /dev/vda (ext4)}; tmpfs would make fsync free. */
    String fileSystem() {
        try {
            FileStore store = Files.getFileStore(root);
            return store.name() + " (" + store.type() + ")";
        } catch (IOException e) {
            return "unknown file system";
        }
    }

    boolean inMemoryFileSystem() {
        try {
            String type = Files.getFileStore(root).type();
            return type.equals("tmpfs") || type.equals("ramfs");
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes the folder unless it was asked to be kept. */
    @Override
    public void close() throws IOException {
        if (!keep) {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
