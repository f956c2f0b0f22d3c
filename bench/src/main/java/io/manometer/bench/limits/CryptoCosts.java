package io.manometer.bench.limits;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.OptionalDouble;

/**
 * What one full handshake's server-side public-key cryptography costs on one core, and the handshake rate that
 * bounds for a server with {@code cores} cores to itself: {@code cores / (sum of the operations' costs)}. PSK has no
 * public-key cryptography, so it has no such bound.
 *
 * @param keygenMicros one ephemeral P-256 key pair
 * @param ecdhMicros one ECDH agreement with the peer's point
 * @param signMicros one SHA256withECDSA signature
 * @param verifyMicros one SHA256withECDSA verification
 */
public record CryptoCosts(double keygenMicros, double ecdhMicros, double signMicros, double verifyMicros,
        int cores) {

    /** Microseconds of public-key cryptography per handshake in {@code mode}; empty for PSK. */
    public OptionalDouble handshakeMicros(CredentialMode mode) {
        return switch (mode) {
            case PSK -> OptionalDouble.empty();
            case ECDHE_PSK -> OptionalDouble.of(keygenMicros + ecdhMicros);
            // the client's CertificateVerify
            case RPK -> OptionalDouble.of(keygenMicros + ecdhMicros + signMicros + verifyMicros);
            // the client's CertificateVerify and the CA's signature on the client's certificate
            case X509 -> OptionalDouble.of(keygenMicros + ecdhMicros + signMicros + 2 * verifyMicros);
        };
    }

    /** Handshakes per second {@code cores} could complete if they did nothing but this cryptography. */
    public OptionalDouble handshakesPerSecondBound(CredentialMode mode) {
        OptionalDouble micros = handshakeMicros(mode);
        return micros.isPresent() ? OptionalDouble.of(cores * 1e6 / micros.getAsDouble()) : OptionalDouble.empty();
    }

    /** How the bound of {@code mode} is made up, e.g. {@code keygen + ECDH + sign + 2 × verify}. */
    public static String formula(CredentialMode mode) {
        return switch (mode) {
            case PSK -> "no public-key cryptography";
            case ECDHE_PSK -> "keygen + ECDH";
            case RPK -> "keygen + ECDH + sign + verify";
            case X509 -> "keygen + ECDH + sign + 2 × verify";
        };
    }
}
