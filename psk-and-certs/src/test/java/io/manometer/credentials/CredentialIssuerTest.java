package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.CredentialIssuer.Authority;
import io.manometer.credentials.CredentialIssuer.Validity;
import io.manometer.protocol.DeviceId;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificates {@code credentials init} writes, read back from the files as a device or server would. */
class CredentialIssuerTest {

    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final DeviceId DEVICE = DeviceId.of("dev-1");

    @TempDir
    static Path root;

    private static CredentialsLayout layout;
    private static X509Certificate ca;
    private static X509Certificate[] serverChain;
    private static X509Certificate[] deviceChain;

    @BeforeAll
    static void provision() throws Exception {
        layout = TestCredentials.provision(root, "dev-1");
        ca = PemFiles.loadCertificates(layout.caCertificate())[0];
        serverChain = PemFiles.loadCertificates(layout.serverCertificate());
        deviceChain = PemFiles.loadCertificates(layout.deviceCertificate(DEVICE));
    }

    @Test
    void ca_is_a_self_signed_ecdsa_p256_certificate_authority() throws Exception {
        assertP256(ca);
        assertEquals("SHA256withECDSA", ca.getSigAlgName());
        assertTrue(ca.getBasicConstraints() >= 0, "basicConstraints cA=true");
        assertTrue(ca.getCriticalExtensionOIDs().contains(BASIC_CONSTRAINTS));
        assertTrue(ca.getKeyUsage()[5], "keyCertSign");
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
    }

    @Test
    void server_certificate_names_localhost_and_both_loopback_addresses() throws Exception {
        X509Certificate server = serverChain[0];
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        for (List<?> name : server.getSubjectAlternativeNames()) {
            int type = (Integer) name.get(0);
            if (type == SAN_DNS) {
                dns.add((String) name.get(1));
            } else if (type == SAN_IP) {
                ips.add(InetAddress.getByName((String) name.get(1)));
            }
        }
        assertEquals(List.of("localhost"), dns);
        assertEquals(Set.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), Set.copyOf(ips));
        assertEquals(2, ips.size());
        assertTrue(server.getExtendedKeyUsage().contains(SERVER_AUTH));
        assertEquals(-1, server.getBasicConstraints(), "a leaf is no CA");
        assertP256(server);
    }

    @Test
    void server_certificate_is_signed_by_the_ca() throws Exception {
        X509Certificate server = serverChain[0];
        server.verify(ca.getPublicKey());
        assertEquals(ca.getSubjectX500Principal(), server.getIssuerX500Principal());
        assertNotEquals(ca.getPublicKey(), server.getPublicKey());
        validateAgainstCa(server);
    }

    @Test
    void server_crt_holds_the_chain_server_then_ca() {
        assertEquals(2, serverChain.length);
        assertEquals("manometer-server", commonName(serverChain[0]));
        assertEquals(ca, serverChain[1]);
    }

    @Test
    void server_pub_is_the_public_key_of_the_server_certificate() throws Exception {
        assertArrayEquals(serverChain[0].getPublicKey().getEncoded(),
                PemFiles.loadPublicKey(layout.serverPublicKey()).getEncoded());
    }

    @Test
    void device_certificate_has_the_device_id_as_common_name_and_chains_to_the_ca() throws Exception {
        X509Certificate device = deviceChain[0];
        assertEquals("dev-1", commonName(device));
        assertEquals(2, deviceChain.length);
        assertEquals(ca, deviceChain[1]);
        device.verify(ca.getPublicKey());
        validateAgainstCa(device);
        assertTrue(device.getExtendedKeyUsage().contains(CLIENT_AUTH));
        assertEquals(-1, device.getBasicConstraints(), "a leaf is no CA");
        assertP256(device);
    }

    @Test
    void device_pub_is_the_public_key_of_the_device_certificate() throws Exception {
        assertArrayEquals(deviceChain[0].getPublicKey().getEncoded(),
                PemFiles.loadPublicKey(layout.devicePublicKey(DEVICE)).getEncoded());
    }

    @Test
    void certificates_start_an_hour_early_and_last_their_lifetime() {
        assertEquals(TestCredentials.NOW.minus(Duration.ofHours(1)), ca.getNotBefore().toInstant());
        assertEquals(TestCredentials.NOW.plus(CredentialsProvisioner.CA_LIFETIME), ca.getNotAfter().toInstant());
        for (X509Certificate leaf : List.of(serverChain[0], deviceChain[0])) {
            assertEquals(TestCredentials.NOW.minus(Duration.ofHours(1)), leaf.getNotBefore().toInstant());
            assertEquals(TestCredentials.NOW.plus(CredentialsProvisioner.LEAF_LIFETIME),
                    leaf.getNotAfter().toInstant());
        }
    }

    @Test
    void names_are_encoded_as_the_jdk_encodes_them_printable_or_utf8() throws Exception {
        CredentialIssuer issuer = new CredentialIssuer(new SecureRandom());
        Validity validity = new Validity(TestCredentials.NOW, TestCredentials.NOW.plus(Duration.ofDays(1)));
        Authority authority = issuer.newAuthority("Test CA", validity);

        // '_' is not in PrintableString's alphabet, so "pump_7" is a UTF8String while "dev-1" is printable
        for (String id : List.of("dev-1", "pump_7", "a.b-C9", "x_")) {
            X509Certificate device = issuer.issueDevice(authority, issuer.newKeyPair(), DeviceId.of(id), validity);
            assertArrayEquals(new X500Principal("CN=" + id + ", O=Manometer").getEncoded(),
                    device.getSubjectX500Principal().getEncoded());
            assertArrayEquals(authority.certificate().getSubjectX500Principal().getEncoded(),
                    device.getIssuerX500Principal().getEncoded());
            device.verify(authority.certificate().getPublicKey());
        }
    }

    @Test
    void an_issued_device_never_prints_its_private_key() throws Exception {
        CredentialIssuer issuer = new CredentialIssuer(new SecureRandom());
        Validity validity = new Validity(TestCredentials.NOW, TestCredentials.NOW.plus(Duration.ofDays(1)));

        DeviceBatch.Issued issued = issuer.batch(issuer.newAuthority("Test CA", validity), validity).issue(DEVICE);

        assertTrue(issued.privateKey().startsWith("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8 PEM");
        assertFalse(issued.toString().contains("PRIVATE KEY"), issued.toString());
    }

    private static void assertP256(X509Certificate certificate) throws Exception {
        ECPublicKey key = assertInstanceOf(ECPublicKey.class, certificate.getPublicKey());
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec p256 = parameters.getParameterSpec(ECParameterSpec.class);
        assertEquals(p256.getCurve(), key.getParams().getCurve());
        assertEquals(p256.getGenerator(), key.getParams().getGenerator());
        assertEquals(p256.getOrder(), key.getParams().getOrder());
    }

    /** Full PKIX validation (signatures, validity, CA constraints) with the CA as the only trust anchor. */
    private static void validateAgainstCa(X509Certificate leaf) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), parameters);
    }

    private static String commonName(X509Certificate certificate) {
        try {
            Collection<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            return rdns.stream().filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(rdn -> rdn.getValue().toString()).findFirst().orElseThrow();
        } catch (InvalidNameException e) {
            throw new AssertionError(e);
        }
    }
}
