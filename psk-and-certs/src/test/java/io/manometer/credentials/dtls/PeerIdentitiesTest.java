package io.manometer.credentials.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialIssuer.Authority;
import io.manometer.credentials.CredentialIssuer.Validity;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.PemFiles;
import io.manometer.credentials.TestCredentials;
import io.manometer.protocol.DeviceId;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerIdentitiesTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final DeviceId DEV_2 = DeviceId.of("dev-2");

    @TempDir
    static Path root;

    private static CredentialsLayout layout;
    private static DeviceRegistry registry;

    @BeforeAll
    static void provision() throws Exception {
        layout = TestCredentials.provision(root, "dev-1", "dev-2");
        registry = DeviceRegistry.load(layout);
    }

    @Test
    void psk_identity_is_the_device_id() {
        assertEquals(Optional.of(DEV_1), PeerIdentities.resolve(new PreSharedKeyIdentity("dev-1"), registry));
        assertEquals(Optional.of(DEV_2), PeerIdentities.resolve(new PreSharedKeyIdentity("dev-2"), registry));
    }

    @Test
    void unknown_or_malformed_psk_identities_resolve_to_nothing() {
        assertEquals(Optional.empty(), PeerIdentities.resolve(new PreSharedKeyIdentity("dev-3"), registry));
        assertEquals(Optional.empty(), PeerIdentities.resolve(new PreSharedKeyIdentity("../dev-1"), registry));
        assertEquals(Optional.empty(), PeerIdentities.resolve(new PreSharedKeyIdentity(""), registry));
    }

    @Test
    void raw_public_key_is_the_device_whose_pub_file_holds_it() throws Exception {
        RawPublicKeyIdentity key = new RawPublicKeyIdentity(PemFiles.loadPublicKey(layout.devicePublicKey(DEV_2)));

        assertEquals(Optional.of(DEV_2), PeerIdentities.resolve(key, registry));
    }

    @Test
    void unregistered_raw_public_keys_resolve_to_nothing() throws Exception {
        KeyPair stranger = new CredentialIssuer(new SecureRandom()).newKeyPair();

        assertEquals(Optional.empty(), PeerIdentities.resolve(new RawPublicKeyIdentity(stranger.getPublic()),
                registry));
        assertEquals(Optional.empty(), PeerIdentities.resolve(
                new RawPublicKeyIdentity(PemFiles.loadPublicKey(layout.serverPublicKey())), registry));
    }

    @Test
    void certificate_path_is_the_device_named_by_the_leaf_common_name() throws Exception {
        X509Certificate[] chain = PemFiles.loadCertificates(layout.deviceCertificate(DEV_1));

        assertEquals(Optional.of(DEV_1), PeerIdentities.resolve(X509CertPath.fromCertificatesChain(chain), registry));
    }

    @Test
    void certificates_of_unregistered_names_resolve_to_nothing() throws Exception {
        CredentialIssuer issuer = new CredentialIssuer(new SecureRandom());
        Validity validity = new Validity(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(
                Duration.ofDays(1)));
        Authority otherCa = issuer.newAuthority("Other CA", validity);
        X509Certificate stranger = issuer.issueDevice(otherCa, issuer.newKeyPair(), DeviceId.of("dev-9"), validity);
        X509Certificate[] server = PemFiles.loadCertificates(layout.serverCertificate());

        assertEquals(Optional.empty(), PeerIdentities.resolve(X509CertPath.fromCertificatesChain(stranger,
                otherCa.certificate()), registry));
        assertEquals(Optional.empty(), PeerIdentities.resolve(X509CertPath.fromCertificatesChain(server), registry));
    }

    @Test
    void other_principals_resolve_to_nothing() {
        assertEquals(Optional.empty(), PeerIdentities.resolve(new X500Principal("CN=dev-1"), registry));
    }

    @Test
    void common_name_is_read_from_the_subject() {
        assertEquals(Optional.of("dev-1"), PeerIdentities.commonName(new X500Principal("CN=dev-1, O=Manometer")));
        assertEquals(Optional.of("dev-1"), PeerIdentities.commonName(new X500Principal("O=Manometer, CN=dev-1")));
        assertEquals(Optional.empty(), PeerIdentities.commonName(new X500Principal("O=Manometer")));
    }
}
