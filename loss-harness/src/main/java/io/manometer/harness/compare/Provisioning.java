package io.manometer.harness.compare;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What each mode needs provisioned on a device and what that buys, measured from the credentials the comparison
 * used, because the bytes on the wire are only half of the cost: the other half is key material to install, keep
 * secret and revoke. The security columns are the properties of the key exchange (RFC 4279, RFC 5489, RFC 7250,
 * RFC 5280) as Manometer deploys it.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7925#section-4">RFC 7925 §4 credential types</a>
 */
final class Provisioning {

    /**
     * One mode.
     *
     * @param deviceBytes bytes of key material on the device, secret and public
     * @param deviceHolds what the device holds, with sizes
     * @param secret what must stay secret, and where
     * @param forwardSecrecy whether recorded traffic stays safe when the long-term key leaks later
     * @param identityBinding what ties the key to the device's identity
     * @param revocation how a device is shut out
     */
    record Row(CredentialMode mode, int deviceBytes, String deviceHolds, String secret, String forwardSecrecy,
            String identityBinding, String revocation) {
    }

    private Provisioning() {
    }

    static List<Row> of(BenchCredentials credentials, List<CredentialMode> modes) throws CredentialsException {
        List<Row> rows = new ArrayList<>();
        for (CredentialMode mode : modes) {
            rows.add(row(mode, credentials));
        }
        return rows;
    }

    private static Row row(CredentialMode mode, BenchCredentials credentials) throws CredentialsException {
        DeviceCredentials device = credentials.device(mode);
        int identity = BenchCredentials.DEVICE.length();
        return switch (mode) {
            case PSK, ECDHE_PSK -> {
                int psk = device.psk().orElseThrow().length;
                boolean ecdhe = mode == CredentialMode.ECDHE_PSK;
                yield new Row(mode, psk + identity, "PSK " + psk + " B + identity " + identity + " B",
                        "the PSK, on the device and in the server's key table (a leak of the table exposes every"
                                + " device)",
                        ecdhe ? "yes: ECDHE per handshake (RFC 5489)" : "no: the PSK alone derives every key"
                                + " (RFC 4279 §2)",
                        "server table: identity → PSK", "delete the device's .psk on the server");
            }
            case RPK -> {
                int publicKey = device.publicKey().orElseThrow().getEncoded().length;
                int serverKey = device.serverPublicKey().orElseThrow().getEncoded().length;
                yield new Row(mode, 32 + publicKey + serverKey, "private key 32 B + own public key " + publicKey
                        + " B + server public key " + serverKey + " B (pinned)",
                        "the device's private key only; the server keeps public keys", "yes: ECDHE",
                        "the key is the identity: server maps .pub → device (RFC 7250)",
                        "delete the device's .pub on the server");
            }
            case X509 -> {
                int chain = encoded(device.chain().orElseThrow()[0]);
                int ca = encoded(device.trustedCas().orElseThrow()[0]);
                yield new Row(mode, 32 + chain + ca, "private key 32 B + certificate " + chain + " B + CA certificate "
                        + ca + " B", "the device's private key only (and the CA key, offline)", "yes: ECDHE",
                        "the CA signs CN = device id (RFC 5280); the server also requires a registered id",
                        "CRL/OCSP or a deny list; Manometer: delete the device from the registry (certificates"
                                + " stay valid until they expire)");
            }
        };
    }

    private static int encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded().length;
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a loaded certificate has no encoding", e);
        }
    }
}
