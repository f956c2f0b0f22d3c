package io.manometer.harness.scenario;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A credentials folder made for one matrix run (CA, server, {@code dev-1..dev-N} with PSK, key pair and
 * certificate each) and deleted on {@link #close()}. Issuing certificates takes a moment, so a matrix makes it once
 * and every scenario's fresh server and devices load from it, exactly as the real CLIs do.
 */
public final class TemporaryCredentials implements AutoCloseable {

    private final Path root;
    private final CredentialsLayout layout;
    private final List<DeviceId> devices;
    private final ServerCredentials server;
    private final DeviceRegistry registry;

    private TemporaryCredentials(CredentialsLayout layout, List<DeviceId> devices, ServerCredentials server,
            DeviceRegistry registry) {
        this.root = layout.root();
        this.layout = layout;
        this.devices = devices;
        this.server = server;
        this.registry = registry;
    }

    /** Provisions {@code count} devices in a new temporary folder. */
    public static TemporaryCredentials provision(int count) throws IOException, CredentialsException {
        Path root = Files.createTempDirectory("manometer-matrix-");
        List<DeviceId> ids = IntStream.rangeClosed(1, count).mapToObj(i -> DeviceId.of("dev-" + i)).toList();
        try {
            CredentialsLayout layout = new CredentialsLayout(root);
            new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()),
                    new PskGenerator(new SecureRandom()), Clock.systemUTC()).init(layout, ids, false);
            return new TemporaryCredentials(layout, ids, ServerCredentials.load(layout), DeviceRegistry.load(layout));
        } catch (CredentialsException | RuntimeException e) {
            delete(root);
            throw e;
        }
    }

    /** The provisioned devices, {@code dev-1} first. */
    public List<DeviceId> devices() {
        return devices;
    }

    public ServerCredentials server() {
        return server;
    }

    public DeviceRegistry registry() {
        return registry;
    }

    /** What device {@code index} (0-based) needs for {@code mode}, loaded as the device CLI loads it. */
    public DeviceCredentials device(int index, CredentialMode mode) throws CredentialsException {
        if (index >= devices.size()) {
            throw new IllegalArgumentException("only " + devices.size() + " devices were provisioned, asked for "
                    + (index + 1));
        }
        return DeviceDtls.loadCredentials(layout, devices.get(index), mode);
    }

    /** Deletes the folder; idempotent, and safe from a shutdown hook. */
    @Override
    public synchronized void close() {
        delete(root);
    }

    private static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
