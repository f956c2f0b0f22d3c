package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Failed;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.protocol.DeviceId;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What libcoap's servers cannot do for our device, measured with libcoap 4.3.1 (OpenSSL 3.0, GnuTLS 3.7) and
 * documented in README.md: the device's handshake fails within its (short) timers with a reason a user can
 * act on, the server logs the cause, and the same server still serves a mode it supports right after.
 */
class LibcoapServerLimitsIT {

    @TempDir
    static Path dir;
    private static CredentialsLayout layout;

    @BeforeAll
    static void credentials() throws Exception {
        layout = new CredentialsLayout(dir.resolve("credentials"));
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, List.of(DeviceId.of("dev-1")), false);
    }

    @Test
    void openssl_server_refuses_ecdhe_psk() {
        try (LibcoapServer server = LibcoapServer.start(Libcoap.OPENSSL, layout, LibcoapServer.psk(layout, "dev-1"))) {
            Failed failure = refused(server, CredentialMode.ECDHE_PSK);

            assertEquals(FailureKind.HANDSHAKE_REJECTED, failure.kind(), failure.reason());
            assertTrue(failure.reason().contains("server refused the handshake (handshake_failure)"),
                    failure.reason());
            server.awaitLog("no shared cipher");
            assertStillServesPsk(server);
        }
    }

    @Test
    void openssl_server_has_no_raw_public_keys() {
        List<String> security = new ArrayList<>(LibcoapServer.rawPublicKey("server.key"));
        security.addAll(LibcoapServer.psk(layout, "dev-1"));
        try (LibcoapServer server = LibcoapServer.start(Libcoap.OPENSSL, layout, security)) {
            Failed failure = refused(server, CredentialMode.RPK);

            assertEquals(FailureKind.HANDSHAKE_REJECTED, failure.kind(), failure.reason());
            assertTrue(failure.reason().contains("server refused the handshake (handshake_failure)"),
                    failure.reason());
            server.awaitLog("RPK Support not available in OpenSSL");
            assertStillServesPsk(server);
        }
    }

    private static Failed refused(LibcoapServer server, CredentialMode mode) {
        try (OurDevice device = OurDevice.start(layout, "dev-1", mode, server.uri())) {
            return assertInstanceOf(Failed.class, device.publish(device.reading(1, 101.3)), server::log);
        }
    }

    private static void assertStillServesPsk(LibcoapServer server) {
        try (OurDevice device = OurDevice.start(layout, "dev-1", CredentialMode.PSK, server.uri())) {
            assertEquals("2.01", device.post(device.reading(2, 101.4)).code());
        }
    }
}
