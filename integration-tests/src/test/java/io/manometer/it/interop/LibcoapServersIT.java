package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.JsonReadingCodec;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our device posts to libcoap's servers, built on OpenSSL and on GnuTLS, in every mode they support. With
 * {@code -d} a libcoap server creates {@code /pressure} on the first POST and answers a GET with the last payload,
 * so each test checks that the server holds exactly the bytes our device sent, and which suite the device
 * negotiated and what the server proved, as our device saw it.
 */
class LibcoapServersIT {

    @TempDir
    static Path dir;
    private static CredentialsLayout layout;

    @BeforeAll
    static void credentials() throws Exception {
        layout = new CredentialsLayout(dir.resolve("credentials"));
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, List.of(DeviceId.of("dev-1")), false);
    }

    @ParameterizedTest
    @EnumSource(Libcoap.class)
    void device_posts_with_psk(Libcoap library) {
        try (LibcoapServer server = LibcoapServer.start(library, layout, LibcoapServer.psk(layout, "dev-1"));
                OurDevice device = OurDevice.start(layout, "dev-1", CredentialMode.PSK, server.uri())) {
            assertServerHoldsWhatTheDevicePosted(device);
            assertSuite("TLS_PSK_WITH_AES_128_CCM_8", device, library, "psk");
            assertEquals(List.of("PSK identity 'dev-1' (the server proved it holds the same key)"),
                    device.session().serverIdentity());
        }
    }

    @Test
    void device_posts_with_ecdhe_psk_to_the_gnutls_server() {
        try (LibcoapServer server = LibcoapServer.start(Libcoap.GNUTLS, layout, LibcoapServer.psk(layout, "dev-1"));
                OurDevice device = OurDevice.start(layout, "dev-1", CredentialMode.ECDHE_PSK, server.uri())) {
            assertServerHoldsWhatTheDevicePosted(device);
            // GnuTLS has no TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256, the device's first choice
            assertSuite("TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", device, Libcoap.GNUTLS, "ecdhe-psk");
        }
    }

    @ParameterizedTest
    @EnumSource(Libcoap.class)
    void device_posts_with_x509_and_both_sides_check_certificates(Libcoap library) {
        String key = "server.key";
        try (LibcoapServer server = LibcoapServer.start(library, layout, LibcoapServer.certificate(key));
                OurDevice device = OurDevice.start(layout, "dev-1", CredentialMode.X509, server.uri())) {
            assertServerHoldsWhatTheDevicePosted(device);
            assertSuite("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", device, library, "x509");
            assertTrue(device.session().serverIdentity().contains(
                    "certificate subject: CN=manometer-server,O=Manometer"), device.session()::toString);
            server.awaitLog("CN 'dev-1' presented by client");
        }
    }

    @Test
    void device_posts_with_rpk_to_the_gnutls_server() {
        String key = GnutlsKeys.serverKey(layout);
        try (LibcoapServer server = LibcoapServer.start(Libcoap.GNUTLS, layout, LibcoapServer.rawPublicKey(key));
                OurDevice device = OurDevice.start(layout, "dev-1", CredentialMode.RPK, server.uri())) {
            assertServerHoldsWhatTheDevicePosted(device);
            assertSuite("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", device, Libcoap.GNUTLS, "rpk");
            assertTrue(device.session().serverIdentity().get(0).startsWith("raw public key: sha256:"),
                    device.session()::toString);
            server.awaitLog("CN 'RPK' presented by client");
        }
    }

    /** POST creates {@code /pressure} (2.01); GET returns the very bytes the device sent. */
    private static void assertServerHoldsWhatTheDevicePosted(OurDevice device) {
        PressureReading reading = device.reading(1, 101.325);

        Answered posted = device.post(reading);
        Answered read = device.get();

        assertEquals("2.01", posted.code(), posted.diagnostic());
        assertEquals("2.05", read.code(), read.diagnostic());
        assertArrayEquals(new JsonReadingCodec().encode(reading), read.payload());
    }

    private static void assertSuite(String expected, OurDevice device, Libcoap library, String mode) {
        NegotiatedSuites.assertSuite(expected, Optional.of(device.session().cipherSuite()),
                "manometer device", library.server().command(), mode, device.session());
    }
}
