package io.manometer.device.fleet;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.KeyFilePermissions;
import io.manometer.credentials.PemFiles;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.IntStream;
import org.eclipse.californium.elements.util.SslContextUtil.Credentials;

/**
 * Loads a fleet's credentials from the folder the device CLI reads, {@code dev-<first>} .. {@code dev-<last>}, in
 * parallel. What every device shares (the CA certificate, the server's public key) is parsed once, not once per
 * device, so 10,000 devices load in seconds; each device reads only its own files for the mode, as one device would.
 */
final class FleetCredentials {

    private FleetCredentials() {
    }

    static DeviceId id(int number) {
        return DeviceId.of("dev-" + number);
    }

    static List<DeviceCredentials> load(CredentialsLayout layout, CredentialMode mode, int first, int count)
            throws CredentialsException {
        if (!Files.isDirectory(layout.devices())) {
            throw new CredentialsException(layout.devices() + " does not exist (create credentials with"
                    + " ./manometer credentials init --dir " + layout.root() + " --devices " + (first + count - 1)
                    + ")");
        }
        // the device's own secret for the mode, refused if others may read it, as the server and one device do
        KeyFilePermissions.requirePrivate(IntStream.range(first, first + count).mapToObj(FleetCredentials::id)
                .map(id -> secret(layout, mode, id)).toList());
        Shared shared = Shared.load(layout, mode);
        try {
            return IntStream.range(first, first + count).parallel()
                    .mapToObj(number -> loadOne(layout, mode, id(number), shared))
                    .toList();
        } catch (Unchecked e) {
            throw e.getCause();
        }
    }

    /** The file holding the secret a device uses in {@code mode}: its PSK or its private key. */
    static Path secret(CredentialsLayout layout, CredentialMode mode, DeviceId id) {
        return switch (mode) {
            case PSK, ECDHE_PSK -> layout.devicePsk(id);
            case RPK, X509 -> layout.deviceKey(id);
        };
    }

    private static DeviceCredentials loadOne(CredentialsLayout layout, CredentialMode mode, DeviceId id,
            Shared shared) {
        try {
            return switch (mode) {
                case PSK, ECDHE_PSK -> DeviceCredentials.loadPsk(layout, id);
                case RPK -> {
                    Credentials keys = PemFiles.load(layout.deviceKey(id), layout.devicePublicKey(id));
                    require(keys.getPrivateKey() != null, layout.deviceKey(id) + " holds no private key");
                    require(keys.getPublicKey() != null, layout.devicePublicKey(id) + " holds no public key");
                    yield DeviceCredentials.ofRawPublicKey(id, keys.getPrivateKey(), keys.getPublicKey(),
                            shared.serverPublicKey());
                }
                case X509 -> {
                    Credentials keys = PemFiles.load(layout.deviceKey(id), layout.deviceCertificate(id));
                    require(keys.getPrivateKey() != null, layout.deviceKey(id) + " holds no private key");
                    X509Certificate[] chain = keys.getCertificateChain();
                    require(chain != null && chain.length > 0, layout.deviceCertificate(id) + " holds no certificate");
                    yield DeviceCredentials.ofX509(id, keys.getPrivateKey(), chain, shared.trustedCas());
                }
            };
        } catch (CredentialsException e) {
            throw new Unchecked(e);
        }
    }

    private static void require(boolean condition, String message) throws CredentialsException {
        if (!condition) {
            throw new CredentialsException(message);
        }
    }

    /** What every device of a mode needs from the folder's shared files; null where the mode needs nothing. */
    private record Shared(PublicKey serverPublicKey, X509Certificate[] trustedCas) {

        static Shared load(CredentialsLayout layout, CredentialMode mode) throws CredentialsException {
            return switch (mode) {
                case PSK, ECDHE_PSK -> new Shared(null, null);
                case RPK -> new Shared(PemFiles.loadPublicKey(layout.serverPublicKey()), null);
                case X509 -> new Shared(null, PemFiles.loadCertificates(layout.caCertificate()));
            };
        }
    }

    /** Carries a {@link CredentialsException} out of the parallel stream. */
    private static final class Unchecked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unchecked(CredentialsException cause) {
            super(cause);
        }

        @Override
        public synchronized CredentialsException getCause() {
            return (CredentialsException) super.getCause();
        }
    }
}
