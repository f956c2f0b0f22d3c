package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.Optional;

/**
 * The DTLS 1.3 handshake sizes of draft-ietf-iotops-security-protocol-comparison (section "Summary", figures
 * "Comparison of message sizes in bytes with CCM_8, P-256, and ECDSA", without and with a 1-byte connection id):
 * the published yardstick next to our DTLS 1.2 measurements. The draft gives no DTLS 1.3 figure for X.509
 * certificate chains sent in full, so x509 has none.
 *
 * @param withoutCid total bytes of the three flights without a connection id
 * @param withCid the same with a 1-byte connection id
 */
public record IetfFigures(int withoutCid, int withCid) {

    public static Optional<IetfFigures> dtls13(CredentialMode mode) {
        return switch (mode) {
            case PSK -> Optional.of(new IetfFigures(331, 345));
            case ECDHE_PSK -> Optional.of(new IetfFigures(487, 501));
            case RPK -> Optional.of(new IetfFigures(880, 894));
            case X509 -> Optional.empty();
        };
    }

    /** {@code 331–345}. */
    public String range() {
        return withoutCid + "–" + withCid;
    }
}
