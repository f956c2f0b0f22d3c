package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.californium.elements.util.SslContextUtil.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    private static final DeviceId DEVICE = DeviceId.of("dev-1");

    @TempDir
    Path root;

    @Test
    void encode_writes_rfc_7468_text_with_64_column_lines() {
        byte[] der = new byte[100];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) i;
        }

        String pem = PemFiles.encode("PUBLIC KEY", der);

        List<String> lines = pem.lines().toList();
        assertEquals("-----BEGIN PUBLIC KEY-----", lines.get(0));
        assertEquals("-----END PUBLIC KEY-----", lines.get(lines.size() - 1));
        // 100 bytes are 136 base64 characters: 64 + 64 + 8
        assertEquals(List.of(64, 64, 8), lines.subList(1, 4).stream().map(String::length).toList());
        assertEquals(5, lines.size());
        assertTrue(pem.endsWith("-----\n"));
    }

    @Test
    void write_creates_the_file_with_the_given_permissions_and_leaves_no_temporary_file() throws Exception {
        Path secret = root.resolve("sub/secret.key");
        Path open = root.resolve("sub/open.pub");

        PemFiles.write(secret, "secret\n", PemFiles.PRIVATE);
        PemFiles.write(open, "open\n", PemFiles.PUBLIC);

        assertEquals("secret\n", Files.readString(secret));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(open)));
        try (Stream<Path> files = Files.list(root.resolve("sub"))) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void write_replaces_an_existing_file_and_its_permissions() throws Exception {
        Path file = root.resolve("ca.key");
        Files.writeString(file, "old, longer content\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        PemFiles.write(file, "new\n", PemFiles.PRIVATE);

        assertEquals("new\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void load_reads_a_private_key_and_its_certificate_chain_as_one_stream() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");

        Credentials credentials = PemFiles.load(layout.deviceKey(DEVICE), layout.deviceCertificate(DEVICE));

        assertNotNull(credentials.getPrivateKey());
        assertEquals(2, credentials.getCertificateChain().length);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(credentials.getPrivateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(credentials.getCertificateChain()[0].getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature), "the key belongs to the certificate");
    }

    @Test
    void load_public_key_reads_a_pub_file() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");

        assertArrayEquals(PemFiles.loadCertificates(layout.deviceCertificate(DEVICE))[0].getPublicKey().getEncoded(),
                PemFiles.loadPublicKey(layout.devicePublicKey(DEVICE)).getEncoded());
    }

    @Test
    void a_missing_file_is_named_in_the_error() {
        Path missing = root.resolve("server.key");

        CredentialsException load = assertThrows(CredentialsException.class, () -> PemFiles.load(missing));
        CredentialsException key = assertThrows(CredentialsException.class, () -> PemFiles.loadPublicKey(missing));
        CredentialsException certificates = assertThrows(CredentialsException.class,
                () -> PemFiles.loadCertificates(missing));

        for (CredentialsException e : List.of(load, key, certificates)) {
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        }
    }

    @Test
    void a_missing_second_file_is_named_in_the_error() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        Files.delete(layout.deviceCertificate(DEVICE));

        CredentialsException e = assertThrows(CredentialsException.class,
                () -> PemFiles.load(layout.deviceKey(DEVICE), layout.deviceCertificate(DEVICE)));

        assertTrue(e.getMessage().contains(layout.deviceCertificate(DEVICE).toString()), e.getMessage());
    }

    @Test
    void a_file_without_the_expected_content_is_named_in_the_error() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        Path keyOnly = layout.deviceKey(DEVICE);

        CredentialsException e = assertThrows(CredentialsException.class, () -> PemFiles.loadCertificates(keyOnly));

        assertTrue(e.getMessage().contains(keyOnly.toString()), e.getMessage());
    }
}
