package io.manometer.credentials.dtls;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.protocol.DeviceId;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.SinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticCertificateVerifier;

/**
 * Turns one device's credentials and its {@link CredentialMode} into a client-side Scandium configuration that
 * offers exactly that mode: a device never falls back to another kind of authentication behind its user's back.
 */
public final class DeviceDtls {

    private DeviceDtls() {
    }

    /** The suites a device offers: the mode's defaults, or the one suite the user asked for. */
    public static List<CipherSuite> cipherSuites(CredentialMode mode, Optional<CipherSuite> override) {
        if (override.isEmpty()) {
            return mode.defaultSuites();
        }
        CipherSuite suite = override.get();
        if (!mode.fits(suite) || !suite.isSupported()) {
            throw new IllegalArgumentException("cipher suite " + suite.name() + " does not fit mode " + mode
                    + " (default for " + mode + ": " + mode.defaultSuites().get(0).name() + ")");
        }
        return List.of(suite);
    }

    public static DtlsConnectorConfig.Builder configure(DtlsConnectorConfig.Builder builder,
            DeviceCredentials credentials, CredentialMode mode, Optional<CipherSuite> override) {
        builder.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        builder.set(DtlsConfig.DTLS_CIPHER_SUITES, cipherSuites(mode, override));
        builder.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        String id = credentials.id().value();
        switch (mode) {
            case PSK, ECDHE_PSK -> builder.setPskStore(new SinglePskStore(id, require(credentials.psk(), mode)));
            case RPK -> {
                builder.set(DtlsConfig.DTLS_CERTIFICATE_TYPES, List.of(CertificateType.RAW_PUBLIC_KEY));
                builder.setCertificateIdentityProvider(new SingleCertificateProvider(
                        require(credentials.privateKey(), mode), require(credentials.publicKey(), mode)));
                builder.setCertificateVerifier(StaticCertificateVerifier.builder()
                        .setTrustedRPKs(new RawPublicKeyIdentity(require(credentials.serverPublicKey(), mode)))
                        .setSupportedCertificateTypes(List.of(CertificateType.RAW_PUBLIC_KEY))
                        .build());
            }
            case X509 -> {
                builder.set(DtlsConfig.DTLS_CERTIFICATE_TYPES, List.of(CertificateType.X_509));
                builder.setCertificateIdentityProvider(new SingleCertificateProvider(
                        require(credentials.privateKey(), mode), require(credentials.chain(), mode),
                        CertificateType.X_509));
                builder.setCertificateVerifier(StaticCertificateVerifier.builder()
                        .setTrustedCertificates(require(credentials.trustedCas(), mode))
                        .setSupportedCertificateTypes(List.of(CertificateType.X_509))
                        .build());
            }
            default -> throw new IllegalStateException("unknown mode " + mode);
        }
        return builder;
    }

    /** Loads what a device needs for {@code mode}, and nothing more (a PSK device needs only its .psk). */
    public static DeviceCredentials loadCredentials(CredentialsLayout layout, DeviceId id, CredentialMode mode)
            throws CredentialsException {
        return switch (mode) {
            case PSK, ECDHE_PSK -> DeviceCredentials.loadPsk(layout, id);
            case RPK -> DeviceCredentials.loadRawPublicKey(layout, id);
            case X509 -> DeviceCredentials.loadX509(layout, id);
        };
    }

    private static <T> T require(Optional<T> value, CredentialMode mode) {
        return value.orElseThrow(() -> new IllegalArgumentException("credentials were not loaded for mode " + mode));
    }
}
