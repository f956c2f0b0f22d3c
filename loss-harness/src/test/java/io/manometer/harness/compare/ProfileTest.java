package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.server.endpoint.ServerConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;

class ProfileTest {

    @Test
    void lean_keeps_hello_verify_request_connection_ids_and_the_extended_master_secret() {
        Set<Knob> lean = Profile.LEAN.knobs();

        assertFalse(lean.contains(Knob.NO_HELLO_VERIFY_REQUEST));
        assertFalse(lean.contains(Knob.NO_CONNECTION_ID));
        assertFalse(lean.contains(Knob.NO_EXTENDED_MASTER_SECRET));
        assertEquals(6, lean.size());
        assertTrue(Profile.DEFAULT.knobs().isEmpty());
    }

    @Test
    void the_lean_server_packs_messages_drops_the_session_id_and_shortens_the_connection_id() throws Exception {
        Configuration config = Profile.LEAN.applyToServer(ServerConfig.create(Optional.empty()));

        assertEquals(Boolean.TRUE, config.get(DtlsConfig.DTLS_USE_MULTI_HANDSHAKE_MESSAGE_RECORDS));
        assertEquals(Boolean.FALSE, config.get(DtlsConfig.DTLS_SERVER_USE_SESSION_ID));
        assertEquals(2, config.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH));
        assertEquals(Boolean.TRUE, config.get(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST));
    }

    @Test
    void a_psk_device_gets_no_curve_or_signature_settings_which_scandium_would_refuse() throws Exception {
        Configuration psk = Profile.LEAN.applyToDevice(DeviceConfig.create(Optional.empty()), CredentialMode.PSK);
        Configuration rpk = Profile.LEAN.applyToDevice(DeviceConfig.create(Optional.empty()), CredentialMode.RPK);

        assertEquals(List.of("DTLS.USE_MULTI_HANDSHAKE_MESSAGE_RECORDS=true", "DTLS.SECURE_RENEGOTIATION_MODE=NONE"),
                Profile.LEAN.deviceProperties(CredentialMode.PSK));
        assertNull(psk.get(DtlsConfig.DTLS_CURVES));
        assertEquals(1, rpk.get(DtlsConfig.DTLS_CURVES).size());
        assertEquals(1, rpk.get(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS).size());
    }

    @Test
    void only_ecdhe_psk_is_narrowed_to_one_cipher_suite() {
        assertEquals(Optional.of(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256),
                Profile.LEAN.cipherSuite(CredentialMode.ECDHE_PSK));
        assertEquals(Optional.empty(), Profile.LEAN.cipherSuite(CredentialMode.PSK));
        assertEquals(Optional.empty(), Profile.DEFAULT.cipherSuite(CredentialMode.ECDHE_PSK));
    }

    @Test
    void a_profile_with_one_more_knob_keeps_the_others() {
        Profile more = Profile.LEAN.with(Knob.NO_HELLO_VERIFY_REQUEST);

        assertTrue(more.knobs().containsAll(Profile.LEAN.knobs()));
        assertTrue(more.serverProperties().contains("DTLS.USE_HELLO_VERIFY_REQUEST=false"));
        assertEquals(Optional.of(Profile.LEAN), Profile.byName("LEAN"));
        assertEquals(Optional.empty(), Profile.byName("tiny"));
    }
}
