package io.manometer.credentials.dtls;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite.CertificateKeyAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite.KeyExchangeAlgorithm;

/**
 * How a device authenticates, and which cipher suites that implies. Defaults follow RFC 7925: PSK with
 * {@code TLS_PSK_WITH_AES_128_CCM_8} (§4.2), certificates and raw public keys with
 * {@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8} (§4.4, §4.3). ECDHE-PSK adds forward secrecy to PSK; its CBC variant
 * is listed because Wireshark 4.0 cannot decrypt the CCM_8 one.
 */
public enum CredentialMode {
    PSK("psk", KeyExchangeAlgorithm.PSK, List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)),
    ECDHE_PSK("ecdhe-psk", KeyExchangeAlgorithm.ECDHE_PSK, List.of(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256)),
    RPK("rpk", KeyExchangeAlgorithm.EC_DIFFIE_HELLMAN, List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)),
    X509("x509", KeyExchangeAlgorithm.EC_DIFFIE_HELLMAN, List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8));

    private final String cliName;
    private final KeyExchangeAlgorithm keyExchange;
    private final List<CipherSuite> defaultSuites;

    CredentialMode(String cliName, KeyExchangeAlgorithm keyExchange, List<CipherSuite> defaultSuites) {
        this.cliName = cliName;
        this.keyExchange = keyExchange;
        this.defaultSuites = defaultSuites;
    }

    /** The name on command lines and in reports: {@code psk}, {@code ecdhe-psk}, {@code rpk}, {@code x509}. */
    public String cliName() {
        return cliName;
    }

    /** The suites this mode offers or accepts by default, in preference order. */
    public List<CipherSuite> defaultSuites() {
        return defaultSuites;
    }

    public boolean usesPsk() {
        return keyExchange != KeyExchangeAlgorithm.EC_DIFFIE_HELLMAN;
    }

    /** Whether {@code suite} authenticates the way this mode does (e.g. no PSK suite for x509). */
    public boolean fits(CipherSuite suite) {
        if (suite.getKeyExchange() != keyExchange) {
            return false;
        }
        return usesPsk() || suite.getCertificateKeyAlgorithm() == CertificateKeyAlgorithm.EC;
    }

    public static Optional<CredentialMode> fromCliName(String name) {
        return Arrays.stream(values()).filter(m -> m.cliName.equalsIgnoreCase(name)).findFirst();
    }

    public static String cliNames() {
        return Arrays.stream(values()).map(CredentialMode::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
