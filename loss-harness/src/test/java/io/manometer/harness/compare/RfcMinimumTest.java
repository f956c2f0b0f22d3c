package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RfcMinimumTest {

    /** A 5-byte identity ({@code dev-1}), a 548-byte server and a 491-byte device certificate. */
    private static final RfcMinimum.Inputs INPUTS = new RfcMinimum.Inputs(5, List.of(548), List.of(491));

    @Test
    void psk_is_four_flights_of_308_bytes() {
        RfcMinimum.Handshake psk = RfcMinimum.of(CredentialMode.PSK, false, INPUTS);

        // ClientHello 13+12+42, ServerHello+ServerHelloDone 13+(12+38)+12, CKE 13+12+7, CCS 14, Finished 53 x2
        assertEquals(67 + 75 + (32 + 14 + 53) + (14 + 53), psk.total());
        assertEquals(308, psk.total());
        assertEquals(4, psk.flights());
        assertEquals(67 + 32 + 14 + 53, psk.bytesUp());
        assertEquals(75 + 14 + 53, psk.bytesDown());
    }

    @Test
    void hello_verify_request_adds_its_record_and_a_second_client_hello_with_the_cookie() {
        RfcMinimum.Handshake plain = RfcMinimum.of(CredentialMode.PSK, false, INPUTS);
        RfcMinimum.Handshake verified = RfcMinimum.of(CredentialMode.PSK, true, INPUTS);

        assertEquals(plain.total() + (13 + 12 + 35) + (67 + RfcMinimum.COOKIE), verified.total());
        assertEquals(467, verified.total());
        assertEquals(6, verified.flights());
    }

    @Test
    void every_mode_has_its_exact_minimum() {
        assertEquals(Map.of(CredentialMode.PSK, 308, CredentialMode.ECDHE_PSK, 467, CredentialMode.RPK, 884,
                CredentialMode.X509, 1723), totals(false));
        assertEquals(Map.of(CredentialMode.PSK, 467, CredentialMode.ECDHE_PSK, 636, CredentialMode.RPK, 1073,
                CredentialMode.X509, 1900), totals(true));
    }

    @Test
    void ecdhe_psk_adds_supported_groups_and_two_p256_points() {
        RfcMinimum.Handshake psk = RfcMinimum.of(CredentialMode.PSK, false, INPUTS);
        RfcMinimum.Handshake ecdhe = RfcMinimum.of(CredentialMode.ECDHE_PSK, false, INPUTS);

        // extensions 2+8, ServerKeyExchange 12+2+69, ClientKeyExchange point 1+65
        assertEquals(psk.total() + 10 + 83 + 66, ecdhe.total());
    }

    @Test
    void raw_public_keys_carry_a_91_byte_key_each_way() {
        Map<String, Integer> parts = RfcMinimum.of(CredentialMode.RPK, false, INPUTS).parts();

        assertEquals(2 * (12 + 3 + 91), parts.get("Certificate"));
        assertEquals(12 + 69 + 4 + 71, parts.get("ServerKeyExchange"));
        assertEquals(12 + 4 + 71, parts.get("CertificateVerify"));
        assertEquals(12 + 8, parts.get("CertificateRequest"));
    }

    @Test
    void x509_sends_the_given_certificates() {
        Map<String, Integer> parts = RfcMinimum.of(CredentialMode.X509, false, INPUTS).parts();

        assertEquals((12 + 3 + 3 + 548) + (12 + 3 + 3 + 491), parts.get("Certificate"));
    }

    @Test
    void parts_use_the_names_of_measured_traces_and_add_up() {
        for (CredentialMode mode : CredentialMode.values()) {
            RfcMinimum.Handshake handshake = RfcMinimum.of(mode, true, INPUTS);
            Map<String, Integer> parts = handshake.parts();
            assertEquals(handshake.total(), parts.values().stream().mapToInt(Integer::intValue).sum());
            assertTrue(parts.keySet().containsAll(List.of(HandshakeTrace.RECORD_HEADERS, "ClientHello",
                    "HelloVerifyRequest", "ServerHello", "ServerHelloDone", "ClientKeyExchange",
                    HandshakeTrace.CHANGE_CIPHER_SPEC, HandshakeTrace.FINISHED)), mode + ": " + parts.keySet());
            assertEquals(2 * 40, parts.get(HandshakeTrace.FINISHED));
        }
    }

    private static Map<CredentialMode, Integer> totals(boolean helloVerify) {
        return Map.of(CredentialMode.PSK, RfcMinimum.of(CredentialMode.PSK, helloVerify, INPUTS).total(),
                CredentialMode.ECDHE_PSK, RfcMinimum.of(CredentialMode.ECDHE_PSK, helloVerify, INPUTS).total(),
                CredentialMode.RPK, RfcMinimum.of(CredentialMode.RPK, helloVerify, INPUTS).total(),
                CredentialMode.X509, RfcMinimum.of(CredentialMode.X509, helloVerify, INPUTS).total());
    }
}
