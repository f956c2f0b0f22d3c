package io.manometer.credentials.dtls;

import static org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
import static org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256;
import static org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256;
import static org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerDtlsTest {

    @Test
    void all_modes_accept_the_four_suites_once_each() {
        assertEquals(List.of(TLS_PSK_WITH_AES_128_CCM_8, TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256,
                TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8),
                ServerDtls.cipherSuites(EnumSet.allOf(CredentialMode.class)));
    }

    @Test
    void rpk_and_x509_share_one_suite() {
        assertEquals(List.of(TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8),
                ServerDtls.cipherSuites(EnumSet.of(CredentialMode.X509, CredentialMode.RPK)));
    }

    @Test
    void the_order_is_fixed_whatever_order_the_modes_come_in() {
        assertEquals(List.of(TLS_PSK_WITH_AES_128_CCM_8, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8),
                ServerDtls.cipherSuites(Set.of(CredentialMode.X509, CredentialMode.PSK)));
    }

    @Test
    void no_modes_accept_no_suites() {
        assertEquals(List.of(), ServerDtls.cipherSuites(Set.of()));
    }
}
