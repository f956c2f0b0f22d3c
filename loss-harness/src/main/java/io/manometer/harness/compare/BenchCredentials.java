package io.manometer.harness.compare;

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
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The credentials a comparison runs with: CA, server and one device {@value #DEVICE}, issued into a temporary folder
 * from a seeded random and a clock fixed to the start of the day, and deleted on {@link #close()}. Key pairs, PSK,
 * serial numbers and validity are then the same for the same seed, so certificate sizes are too, except for the
 * CA's ECDSA signature inside each certificate (70–72 bytes in DER, drawn by the JDK signer), which
 * {@link HandshakeTrace#normalisedBytes()} accounts for.
 */
public final class BenchCredentials implements AutoCloseable {

    /** The device identity every handshake uses: a PSK identity of 5 bytes, CN=dev-1 in its certificate. */
    public static final String DEVICE = "dev-1";

    private final CredentialsLayout layout;
    private final ServerCredentials server;
    private final DeviceRegistry registry;

    private BenchCredentials(CredentialsLayout layout, ServerCredentials server, DeviceRegistry registry) {
        this.layout = layout;
        this.server = server;
        this.registry = registry;
    }

    /** Issues everything into a new temporary folder. */
    public static BenchCredentials issue(long seed) throws IOException, CredentialsException {
        Path root = Files.createTempDirectory("manometer-compare-");
        try {
            CredentialsLayout layout = new CredentialsLayout(root);
            Clock day = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.DAYS), ZoneOffset.UTC);
            new CredentialsProvisioner(new CredentialIssuer(seeded(seed)), new PskGenerator(seeded(seed + 1)), day)
                    .init(layout, List.of(DeviceId.of(DEVICE)), false);
            return new BenchCredentials(layout, ServerCredentials.load(layout), DeviceRegistry.load(layout));
        } catch (CredentialsException | RuntimeException e) {
            delete(root);
            throw e;
        }
    }

    public ServerCredentials server() {
        return server;
    }

    public DeviceRegistry registry() {
        return registry;
    }

    /** What the device loads for {@code mode}, as the device CLI would. */
    public DeviceCredentials device(CredentialMode mode) throws CredentialsException {
        return DeviceDtls.loadCredentials(layout, DeviceId.of(DEVICE), mode);
    }

    @Override
    public void close() {
        delete(layout.root());
    }

    /**
     * SHA1PRNG seeded before its first use is a deterministic generator, which a test bench wants and production
     * must never use; the real CLI issues from a self-seeded {@link SecureRandom}.
     */
    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1PRNG is part of every JDK", e);
        }
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
