package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCredentialsTest {

    private static final DeviceId DEVICE = DeviceId.of("dev-1");

    @TempDir
    Path root;

    private CredentialsLayout layout;

    @BeforeEach
    void provision() throws Exception {
        layout = TestCredentials.provision(root, "dev-1");
    }

    @Test
    void a_psk_device_needs_nothing_but_its_psk_file(@TempDir Path bare) throws Exception {
        CredentialsLayout device = new CredentialsLayout(bare);
        Files.createDirectories(device.devices());
        Files.copy(layout.devicePsk(DEVICE), device.devicePsk(DEVICE));

        DeviceCredentials credentials = DeviceCredentials.loadPsk(device, DEVICE);

        assertEquals(DEVICE, credentials.id());
        String line = Files.readString(layout.devicePsk(DEVICE)).strip();
        assertArrayEquals(line.getBytes(StandardCharsets.US_ASCII), credentials.psk().orElseThrow());
        assertTrue(credentials.privateKey().isEmpty());
        assertTrue(credentials.chain().isEmpty());
    }

    @Test
    void raw_public_key_credentials_hold_the_device_key_pair_and_the_pinned_server_key() throws Exception {
        DeviceCredentials credentials = DeviceCredentials.loadRawPublicKey(layout, DEVICE);

        PublicKey publicKey = credentials.publicKey().orElseThrow();
        assertArrayEquals(PemFiles.loadPublicKey(layout.devicePublicKey(DEVICE)).getEncoded(), publicKey.getEncoded());
        assertArrayEquals(PemFiles.loadPublicKey(layout.serverPublicKey()).getEncoded(),
                credentials.serverPublicKey().orElseThrow().getEncoded());
        assertKeyPair(credentials.privateKey().orElseThrow(), publicKey);
        assertTrue(credentials.psk().isEmpty());
        assertTrue(credentials.chain().isEmpty());
    }

    @Test
    void x509_credentials_hold_the_device_chain_and_the_ca() throws Exception {
        DeviceCredentials credentials = DeviceCredentials.loadX509(layout, DEVICE);

        X509Certificate ca = PemFiles.loadCertificates(layout.caCertificate())[0];
        X509Certificate[] chain = credentials.chain().orElseThrow();
        assertEquals(2, chain.length);
        assertEquals(ca, chain[1]);
        assertArrayEquals(new X509Certificate[] {ca}, credentials.trustedCas().orElseThrow());
        assertKeyPair(credentials.privateKey().orElseThrow(), chain[0].getPublicKey());
        assertTrue(credentials.serverPublicKey().isEmpty());
    }

    @Test
    void a_missing_psk_file_is_named_in_the_error() throws Exception {
        Files.delete(layout.devicePsk(DEVICE));

        assertNamesFile(layout.devicePsk(DEVICE),
                assertThrows(CredentialsException.class, () -> DeviceCredentials.loadPsk(layout, DEVICE)));
    }

    @Test
    void a_missing_device_key_is_named_in_the_error() throws Exception {
        Files.delete(layout.deviceKey(DEVICE));

        assertNamesFile(layout.deviceKey(DEVICE),
                assertThrows(CredentialsException.class, () -> DeviceCredentials.loadRawPublicKey(layout, DEVICE)));
        assertNamesFile(layout.deviceKey(DEVICE),
                assertThrows(CredentialsException.class, () -> DeviceCredentials.loadX509(layout, DEVICE)));
    }

    @Test
    void a_missing_server_public_key_is_named_in_the_error() throws Exception {
        Files.delete(layout.serverPublicKey());

        assertNamesFile(layout.serverPublicKey(),
                assertThrows(CredentialsException.class, () -> DeviceCredentials.loadRawPublicKey(layout, DEVICE)));
    }

    @Test
    void a_missing_device_certificate_or_ca_is_named_in_the_error() throws Exception {
        Files.delete(layout.caCertificate());
        assertNamesFile(layout.caCertificate(),
                assertThrows(CredentialsException.class, () -> DeviceCredentials.loadX509(layout, DEVICE)));

        Files.delete(layout.deviceCertificate(DEVICE));
        assertNamesFile(layout.deviceCertificate(DEVICE),
                assertThrows(CredentialsException.class, () -> DeviceCredentials.loadX509(layout, DEVICE)));
    }

    @Test
    void an_unknown_device_is_named_by_its_files() {
        DeviceId stranger = DeviceId.of("stranger");

        assertNamesFile(layout.devicePsk(stranger),
                assertThrows(CredentialsException.class, () -> DeviceCredentials.loadPsk(layout, stranger)));
        assertNamesFile(layout.deviceKey(stranger),
                assertThrows(CredentialsException.class, () -> DeviceCredentials.loadX509(layout, stranger)));
    }

    private static void assertNamesFile(Path file, CredentialsException e) {
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    private static void assertKeyPair(PrivateKey privateKey, PublicKey publicKey) throws Exception {
        byte[] data = "pressure".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(data);
        assertTrue(verifier.verify(signature), "private and public key belong together");
    }
}
