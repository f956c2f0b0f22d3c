package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.it.Device;
import io.manometer.it.ServerOnLoopback;
import io.manometer.protocol.ContentFormat;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What libcoap's clients cannot do against our server, measured with libcoap 4.3.1 (OpenSSL 3.0, GnuTLS 3.7) and
 * documented in README.md: each attempt fails in the client with a message that names the cause, nothing is
 * stored, and the server goes on serving a device of ours right after.
 */
class LibcoapClientLimitsIT {

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2");

    @Test
    void openssl_client_has_no_raw_public_keys() {
        String key = "devices/dev-1.key";

        ClientRun run = client(Libcoap.OPENSSL).rawPublicKey(key).post(ContentFormat.TEXT_PLAIN, "101.5")
                .run(resource());

        assertFailedWith("RPK Support not available in OpenSSL", run);
        assertEquals(255, run.exitCode(), run::toString);
        assertServerStillServes();
    }

    @Test
    void gnutls_rpk_client_without_the_ca_rejects_the_certificate_the_default_server_presents() {
        String key = GnutlsKeys.deviceKey(server.layout(), "dev-1");

        ClientRun run = client(Libcoap.GNUTLS).rawPublicKey(key).post(ContentFormat.TEXT_PLAIN, "101.5")
                .run(resource());

        // its server_certificate_type lists X.509 before RPK, and Californium honours the client's order
        assertTrue(run.stdout().contains("Selected server certificate type X.509"), run::toString);
        assertFailedWith("The peer certificate's CA is unknown", run);
        assertEquals(0, run.exitCode(), "libcoap 4.3.1 exits 0 after this failed handshake");
        assertServerStillServes();
    }

    @Test
    void gnutls_raw_public_key_option_reads_only_sec1_keys() {
        ClientRun run = client(Libcoap.GNUTLS).rawPublicKey("devices/dev-1.key")
                .post(ContentFormat.TEXT_PLAIN, "101.5").run(resource());

        assertFailedWith("Base64 unexpected header error.", run);
        assertTrue(run.stdout().contains("cannot create client session"), run::toString);
        assertEquals(255, run.exitCode(), run::toString);
        assertServerStillServes();
    }

    private void assertFailedWith(String message, ClientRun run) {
        assertTrue(run.stdout().contains(message), run::toString);
        assertEquals(List.of(), run.responseCodes(), run::toString);
        assertEquals(0, server.store().count(), "nothing stored");
    }

    private void assertServerStillServes() {
        Device device = server.device("dev-2", CredentialMode.PSK);
        assertEquals("2.01", device.post(device.reading(1, 101.3)).code());
        assertEquals(1, server.store().count());
    }

    private LibcoapClient client(Libcoap library) {
        return LibcoapClient.of(library, server.layout());
    }

    private URI resource() {
        return URI.create(server.uri() + "/pressure");
    }
}
