package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCredentialsTest {

    @TempDir
    Path root;

    @Test
    void load_reads_key_chain_and_trusted_ca() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        X509Certificate ca = PemFiles.loadCertificates(layout.caCertificate())[0];

        ServerCredentials server = ServerCredentials.load(layout);

        assertEquals(2, server.chain().length);
        assertEquals(ca, server.chain()[1]);
        assertArrayEquals(new X509Certificate[] {ca}, server.trustedCas());
        assertEquals(server.chain()[0].getPublicKey(), server.publicKey());
        assertArrayEquals(PemFiles.loadPublicKey(layout.serverPublicKey()).getEncoded(),
                server.publicKey().getEncoded());
        assertEquals("EC", server.privateKey().getAlgorithm());
    }

    @Test
    void chain_and_trusted_cas_are_copies() throws Exception {
        ServerCredentials server = ServerCredentials.load(TestCredentials.provision(root, "dev-1"));

        X509Certificate[] chain = server.chain();
        chain[0] = null;

        assertNotSame(chain, server.chain());
        assertEquals(2, server.chain().length);
        assertNotNull(server.chain()[0]);
    }

    @Test
    void a_missing_server_key_is_named_in_the_error() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        Files.delete(layout.serverKey());

        CredentialsException e = assertThrows(CredentialsException.class, () -> ServerCredentials.load(layout));

        assertTrue(e.getMessage().contains(layout.serverKey().toString()), e.getMessage());
    }

    @Test
    void a_missing_server_certificate_is_named_in_the_error() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        Files.delete(layout.serverCertificate());

        CredentialsException e = assertThrows(CredentialsException.class, () -> ServerCredentials.load(layout));

        assertTrue(e.getMessage().contains(layout.serverCertificate().toString()), e.getMessage());
    }

    @Test
    void a_missing_ca_certificate_is_named_in_the_error() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        Files.delete(layout.caCertificate());

        CredentialsException e = assertThrows(CredentialsException.class, () -> ServerCredentials.load(layout));

        assertTrue(e.getMessage().contains(layout.caCertificate().toString()), e.getMessage());
    }
}
