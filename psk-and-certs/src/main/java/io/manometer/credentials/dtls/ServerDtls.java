package io.manometer.credentials.dtls;

import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.ServerCredentials;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.CertificateVerifier;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticCertificateVerifier;

/**
 * Turns the server's credentials and the enabled {@link CredentialMode}s into one Scandium configuration, so a
 * single DTLS endpoint accepts every mode at once. Californium picks the cipher suite in the client's order, so the
 * server's list decides only what is allowed, not what is preferred.
 */
public final class ServerDtls {

    private ServerDtls() {
    }

    /** The cipher suites the server accepts for {@code modes}, without duplicates, in RFC 7925 order. */
    public static List<CipherSuite> cipherSuites(Set<CredentialMode> modes) {
        List<CipherSuite> suites = new ArrayList<>();
        for (CredentialMode mode : CredentialMode.values()) {
            if (modes.contains(mode)) {
                mode.defaultSuites().stream().filter(s -> !suites.contains(s)).forEach(suites::add);
            }
        }
        return suites;
    }

    public static DtlsConnectorConfig.Builder configure(DtlsConnectorConfig.Builder builder,
            ServerCredentials credentials, DeviceRegistry registry, Set<CredentialMode> modes) {
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("at least one credential mode must be enabled");
        }
        Set<CredentialMode> enabled = EnumSet.copyOf(modes);
        List<CipherSuite> suites = cipherSuites(enabled);
        builder.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
        builder.set(DtlsConfig.DTLS_CIPHER_SUITES, suites);
        // the ECDHE-PSK CBC suite is not on Scandium's "recommended" list, but Wireshark 4.0 needs it to decrypt
        builder.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        builder.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
        if (enabled.contains(CredentialMode.PSK) || enabled.contains(CredentialMode.ECDHE_PSK)) {
            builder.setPskStore(new RegistryPskStore(registry));
        }
        List<CertificateType> types = new ArrayList<>();
        if (enabled.contains(CredentialMode.X509)) {
            types.add(CertificateType.X_509);
        }
        if (enabled.contains(CredentialMode.RPK)) {
            types.add(CertificateType.RAW_PUBLIC_KEY);
        }
        if (!types.isEmpty()) {
            builder.set(DtlsConfig.DTLS_CERTIFICATE_TYPES, types);
            builder.setCertificateIdentityProvider(
                    new SingleCertificateProvider(credentials.privateKey(), credentials.chain(), types));
            builder.setCertificateVerifier(new RegistryCertificateVerifier(verifier(credentials, types), registry));
        }
        return builder;
    }

    private static CertificateVerifier verifier(ServerCredentials credentials, List<CertificateType> types) {
        StaticCertificateVerifier.Builder verifier = StaticCertificateVerifier.builder()
                .setSupportedCertificateTypes(types);
        if (types.contains(CertificateType.X_509)) {
            verifier.setTrustedCertificates(credentials.trustedCas());
        }
        if (types.contains(CertificateType.RAW_PUBLIC_KEY)) {
            // RegistryCertificateVerifier admits only registered keys, one hash lookup per handshake; a second set of
            // every key here would cost ~170 bytes per device (17 MB at 100,000) and a SHA-256 per handshake for
            // the same answer
            verifier.setTrustAllRPKs();
        }
        return verifier.build();
    }
}
