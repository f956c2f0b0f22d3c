package io.manometer.harness.capture;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite.KeyExchangeAlgorithm;

/**
 * Which cipher suite a capture's device offers, chosen so that the capture can be decrypted. Wireshark 4.0 has no
 * AEAD ECDHE-PSK suites (RFC 8442) in its cipher table: with {@code TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256} its
 * TLS debug log says {@code ssl_set_cipher can't find cipher suite 0xD003} and the records stay encrypted. So an
 * ecdhe-psk capture offers {@code TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256}, which the server also accepts, unless told
 * otherwise.
 *
 * @param offered the one suite the device offers, or empty for the mode's defaults
 * @param note why the suite was chosen, or a warning that the chosen one will not decrypt; empty when unremarkable
 */
public record SuiteChoice(Optional<CipherSuite> offered, Optional<String> note) {

    /** What an ecdhe-psk capture offers unless told otherwise. */
    public static final CipherSuite DECRYPTABLE_ECDHE_PSK = CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256;

    public SuiteChoice {
        Objects.requireNonNull(offered, "offered");
        Objects.requireNonNull(note, "note");
    }

    /**
     * The suite for {@code mode}: {@code requested} if given (it must fit the mode), else a decryptable one.
     *
     * @throws IllegalArgumentException when {@code requested} does not fit {@code mode}
     */
    public static SuiteChoice of(CredentialMode mode, Optional<CipherSuite> requested) {
        if (requested.isPresent()) {
            CipherSuite suite = requested.get();
            DeviceDtls.cipherSuites(mode, requested);
            Optional<String> warning = wiresharkCannotDecrypt(suite)
                    ? Optional.of(suite.name() + " was asked for: Wireshark/tshark 4.0 cannot decrypt it (no AEAD"
                            + " ECDHE-PSK suite in its cipher table); the capture will show encrypted records only")
                    : Optional.empty();
            return new SuiteChoice(requested, warning);
        }
        if (mode == CredentialMode.ECDHE_PSK) {
            return new SuiteChoice(Optional.of(DECRYPTABLE_ECDHE_PSK), Optional.of("ecdhe-psk: offering "
                    + DECRYPTABLE_ECDHE_PSK.name() + " instead of the default " + mode.defaultSuites().get(0).name()
                    + ", because Wireshark/tshark 4.0 cannot decrypt the CCM_8 one (cipher suite 0xD003 is not in"
                    + " its table); --cipher-suite overrides"));
        }
        return new SuiteChoice(Optional.empty(), Optional.empty());
    }

    /** True for the ECDHE-PSK AEAD suites (CCM, CCM_8, GCM), which Wireshark 4.0 does not know. */
    public static boolean wiresharkCannotDecrypt(CipherSuite suite) {
        return suite.getKeyExchange() == KeyExchangeAlgorithm.ECDHE_PSK
                && suite.getCipherType() == CipherSuite.CipherType.AEAD;
    }
}
