package io.manometer.it.interop;

import java.util.Map;

/**
 * Cipher suite names as OpenSSL and GnuTLS print them, in the IANA spelling that Scandium and README.md use,
 * so one assertion reads the same for every peer. Only the suites our server can negotiate are listed; any other
 * name is returned unchanged, which makes an unexpected suite fail the assertion with its own name.
 */
final class SuiteNames {

    private static final Map<String, String> IANA = Map.of(
            "PSK-AES128-CCM8", "TLS_PSK_WITH_AES_128_CCM_8",
            "GNUTLS_PSK_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_CCM_8",
            "ECDHE-PSK-AES128-CBC-SHA256", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
            "GNUTLS_ECDHE_PSK_AES_128_CBC_SHA256", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
            "ECDHE-ECDSA-AES128-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
            "GNUTLS_ECDHE_ECDSA_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");

    private SuiteNames() {
    }

    static String iana(String libraryName) {
        return IANA.getOrDefault(libraryName, libraryName);
    }
}
