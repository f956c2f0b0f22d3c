package io.manometer.credentials.dtls;

import static org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
import static org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256;
import static org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256;
import static org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CredentialModeTest {

    @Test
    void default_suites_follow_rfc_7925_per_mode() {
        assertEquals(List.of(TLS_PSK_WITH_AES_128_CCM_8), CredentialMode.PSK.defaultSuites());
        assertEquals(List.of(TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256, TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256),
                CredentialMode.ECDHE_PSK.defaultSuites());
        assertEquals(List.of(TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8), CredentialMode.RPK.defaultSuites());
        assertEquals(List.of(TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8), CredentialMode.X509.defaultSuites());
    }

    @ParameterizedTest
    @EnumSource(CredentialMode.class)
    void every_default_suite_fits_its_mode_and_is_supported_by_this_jvm(CredentialMode mode) {
        for (CipherSuite suite : mode.defaultSuites()) {
            assertTrue(mode.fits(suite), mode + " " + suite);
            assertTrue(suite.isSupported(), suite.name());
        }
    }

    @Test
    void only_the_psk_modes_use_a_psk() {
        assertTrue(CredentialMode.PSK.usesPsk());
        assertTrue(CredentialMode.ECDHE_PSK.usesPsk());
        assertFalse(CredentialMode.RPK.usesPsk());
        assertFalse(CredentialMode.X509.usesPsk());
    }

    @Test
    void cli_names_round_trip_and_ignore_case() {
        for (CredentialMode mode : CredentialMode.values()) {
            assertEquals(Optional.of(mode), CredentialMode.fromCliName(mode.cliName()));
            assertEquals(mode.cliName(), mode.toString());
        }
        assertEquals(Optional.of(CredentialMode.ECDHE_PSK), CredentialMode.fromCliName("ECDHE-PSK"));
        assertEquals(Optional.empty(), CredentialMode.fromCliName("ecdhe_psk"));
        assertEquals(Optional.empty(), CredentialMode.fromCliName("x.509"));
        assertEquals("psk, ecdhe-psk, rpk, x509", CredentialMode.cliNames());
    }
}
