package io.manometer.harness.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SuiteChoiceTest {

    @Test
    void ecdhe_psk_offers_the_cbc_suite_by_default_and_says_why() {
        SuiteChoice choice = SuiteChoice.of(CredentialMode.ECDHE_PSK, Optional.empty());

        assertEquals(Optional.of(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256), choice.offered());
        String note = choice.note().orElseThrow();
        assertTrue(note.contains("TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256"), note);
        assertTrue(note.contains("cannot decrypt"), note);
    }

    @ParameterizedTest
    @EnumSource(value = CredentialMode.class, names = {"PSK", "RPK", "X509"})
    void other_modes_keep_their_defaults_silently(CredentialMode mode) {
        assertEquals(new SuiteChoice(Optional.empty(), Optional.empty()), SuiteChoice.of(mode, Optional.empty()));
    }

    @Test
    void an_explicit_ccm_8_ecdhe_psk_suite_is_offered_with_a_warning() {
        SuiteChoice choice = SuiteChoice.of(CredentialMode.ECDHE_PSK,
                Optional.of(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256));

        assertEquals(Optional.of(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256), choice.offered());
        assertTrue(choice.note().orElseThrow().contains("will show encrypted records only"));
    }

    @Test
    void an_explicit_decryptable_suite_needs_no_note() {
        assertEquals(Optional.empty(), SuiteChoice.of(CredentialMode.PSK,
                Optional.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)).note());
    }

    @Test
    void a_suite_that_does_not_fit_the_mode_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> SuiteChoice.of(CredentialMode.X509,
                Optional.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)));
    }

    @Test
    void only_aead_ecdhe_psk_suites_are_beyond_wireshark_4_0() {
        assertTrue(SuiteChoice.wiresharkCannotDecrypt(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256));
        assertTrue(SuiteChoice.wiresharkCannotDecrypt(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256));
        assertFalse(SuiteChoice.wiresharkCannotDecrypt(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256));
        assertFalse(SuiteChoice.wiresharkCannotDecrypt(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8));
        assertFalse(SuiteChoice.wiresharkCannotDecrypt(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8));
    }
}
