package io.manometer.credentials.dtls;

import io.manometer.credentials.DeviceRegistry;
import io.manometer.protocol.DeviceId;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.CertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Server-side check of device certificates and raw public keys. Scandium's static verifier does the cryptography
 * (chain to our CA, validity, key usage); this adapter adds the registry rule: a device must be known, whether it
 * presents a certificate (CN = device id) or a raw public key ({@code devices/ID.pub}). Rejecting here, in the
 * handshake, means an unknown device never gets a session. A revoked device is refused the same way, at its next
 * handshake, although its certificate still chains to the CA and its {@code .pub} is still on disk.
 */
public final class RegistryCertificateVerifier implements CertificateVerifier {

    private final CertificateVerifier cryptography;
    private final DeviceRegistry registry;

    public RegistryCertificateVerifier(CertificateVerifier cryptography, DeviceRegistry registry) {
        this.cryptography = cryptography;
        this.registry = registry;
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return cryptography.getSupportedCertificateTypes();
    }

    @Override
    public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverName,
            InetSocketAddress remotePeer, boolean clientUsage, boolean verifySubject, boolean truncateCertificatePath,
            CertificateMessage message) {
        CertificateVerificationResult result = cryptography.verifyCertificate(cid, serverName, remotePeer,
                clientUsage, verifySubject, truncateCertificatePath, message);
        if (result.getException() != null) {
            return result;
        }
        if (result.getPublicKey() != null && result.getCertificatePath() == null) {
            if (registry.deviceForPublicKey(result.getPublicKey()).isEmpty()) {
                return reject(cid, registry.keyOwner(result.getPublicKey())
                        .map(owner -> "raw public key of revoked device '" + owner + "'")
                        .orElse("raw public key is not registered for any device"));
            }
            return result;
        }
        if (result.getCertificatePath() != null && !result.getCertificatePath().getCertificates().isEmpty()) {
            X509Certificate leaf = (X509Certificate) result.getCertificatePath().getCertificates().get(0);
            String cn = PeerIdentities.commonName(leaf.getSubjectX500Principal()).orElse("");
            if (DeviceId.isValid(cn) && registry.isRevoked(DeviceId.of(cn))) {
                // the CA signed it, but the deny list is our CRL: checked live, in every handshake
                return reject(cid, "certificate CN '" + cn + "' is a revoked device");
            }
            if (!PeerIdentities.isRegisteredName(cn, registry)) {
                return reject(cid, "certificate CN '" + cn + "' is not a registered device");
            }
        }
        return result;
    }

    @Override
    public List<X500Principal> getAcceptedIssuers() {
        return cryptography.getAcceptedIssuers();
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        cryptography.setResultHandler(resultHandler);
    }

    private static CertificateVerificationResult reject(ConnectionId cid, String reason) {
        AlertMessage alert = new AlertMessage(AlertLevel.FATAL, AlertDescription.BAD_CERTIFICATE);
        return new CertificateVerificationResult(cid, new HandshakeException(reason, alert));
    }

}
