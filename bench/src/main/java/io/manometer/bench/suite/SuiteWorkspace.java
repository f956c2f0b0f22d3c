package io.manometer.bench.suite;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The suite's scratch folder in the JVM's temporary folder (on disk, so SQLite's fsync is real): one credentials
 * folder with {@code dev-1} … {@code dev-N}, as {@code manometer credentials init} writes it, shared by every phase,
 * and one folder per phase for databases and logs.
 */
final class SuiteWorkspace implements AutoCloseable {

    private final Path root;
    private final CredentialsLayout credentials;
    private final boolean keep;

    private SuiteWorkspace(Path root, CredentialsLayout credentials, boolean keep) {
        this.root = root;
        this.credentials = credentials;
        this.keep = keep;
    }

    static SuiteWorkspace create(int devices, boolean keep) throws IOException, CredentialsException {
        Path root = Files.createTempDirectory("manometer-suite-");
        try {
            CredentialsLayout layout = new CredentialsLayout(root.resolve("credentials"));
            List<DeviceId> ids = IntStream.rangeClosed(1, devices).mapToObj(i -> DeviceId.of("dev-" + i)).toList();
            SecureRandom random = new SecureRandom();
            new CredentialsProvisioner(new CredentialIssuer(random), new PskGenerator(random), Clock.systemUTC())
                    .init(layout, ids, false);
            return new SuiteWorkspace(root, layout, keep);
        } catch (CredentialsException | RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    Path root() {
        return root;
    }

    CredentialsLayout credentials() {
        return credentials;
    }

    /** A new empty folder for one phase or run. */
    Path folder(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
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
        String type = fileSystem();
        return type.endsWith("(tmpfs)") || type.endsWith("(ramfs)");
    }

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
