package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Failed;
import io.manometer.device.publish.PublishResult.FailureKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Devices the registry does not vouch for never get a session: each is refused in the DTLS handshake, its
 * publisher reports a failure a user can act on, and nothing reaches the store. A Scandium server answers a bad
 * certificate or key with an alert, but drops a PSK handshake it cannot complete without one, so those devices see
 * their last flight time out (RFC 6347 §4.1.2.7); both must still read as a refusal, not as an unreachable server.
 */
class HandshakeRejectionIT {

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1");

    private RejectedCredentials rejected;

    @BeforeEach
    void credentials() {
        rejected = new RejectedCredentials(server.layout());
    }

    @Test
    void device_with_a_wrong_psk_for_a_known_identity_is_rejected() {
        assertRefused(rejected.wrongPsk("dev-1"), CredentialMode.PSK, "PSK identity 'dev-1' or its key");
    }

    @Test
    void device_with_a_wrong_psk_is_rejected_in_ecdhe_psk_mode_too() {
        assertRefused(rejected.wrongPsk("dev-1"), CredentialMode.ECDHE_PSK, "PSK identity 'dev-1' or its key");
    }

    @Test
    void device_with_an_unknown_psk_identity_is_rejected() {
        assertRefused(rejected.unknownPskIdentity("ghost-7"), CredentialMode.PSK, "PSK identity 'ghost-7'");
    }

    @Test
    void device_with_an_unregistered_raw_public_key_is_rejected() throws Exception {
        assertRefused(rejected.unregisteredRawPublicKey("dev-1"), CredentialMode.RPK, "rejected our raw public key");
    }

    @Test
    void device_with_a_certificate_from_a_foreign_ca_is_rejected() throws Exception {
        assertRefused(rejected.certificateFromForeignCa("dev-1"), CredentialMode.X509, "rejected our certificate");
    }

    @Test
    void device_with_an_expired_certificate_is_rejected() throws Exception {
        assertRefused(rejected.expiredCertificate("dev-1"), CredentialMode.X509, "it has expired");
    }

    @Test
    void device_with_a_valid_certificate_for_an_unregistered_name_is_rejected() throws Exception {
        assertRefused(rejected.certificateForUnregisteredName("ghost-7"), CredentialMode.X509,
                "rejected our certificate");
    }

    @Test
    void real_device_still_publishes_after_an_impostor_of_its_identity_was_refused() {
        assertRefused(rejected.wrongPsk("dev-1"), CredentialMode.PSK, "PSK identity 'dev-1' or its key");
        Device real = server.device("dev-1", CredentialMode.PSK);

        assertEquals("2.01", real.post(real.reading(1, 101.3)).code());

        assertEquals(1, server.store().count());
    }

    /** Refused in the handshake, with a reason that names what is wrong, and nothing stored. */
    private void assertRefused(DeviceCredentials credentials, CredentialMode mode, String reasonNames) {
        Device device = server.device(credentials, mode);

        Failed failure = device.publishExpectingFailure(device.reading(1, 101.3));

        assertEquals(FailureKind.HANDSHAKE_REJECTED, failure.kind(), failure.reason());
        assertTrue(failure.reason().startsWith("handshake failed: "), failure.reason());
        assertTrue(failure.reason().contains(reasonNames), failure.reason());
        assertEquals(0, server.store().count(), "nothing may be stored for a refused device");
    }
}
