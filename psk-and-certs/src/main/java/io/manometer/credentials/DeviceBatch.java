package io.manometer.credentials;

import io.manometer.credentials.CredentialIssuer.Validity;
import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;

/**
 * Issues the key material of many devices under one CA and one validity window. What depends only on the CA (its
 * name, key identifier, signing key and the PEM that ends every device's chain) or on the window (its encoded
 * dates) is prepared once, so each device costs one key pair and one signature. Safe to use from several threads.
 */
public final class DeviceBatch {

    /** One device's key material as the text of its files, all PEM. */
    public record Issued(String certificateChain, String privateKey, String publicKey) {

        @Override
        public String toString() {
            // a record would print every field, and one of them is a private key
            return "Issued[certificate and key pair]";
        }
    }

    private final CredentialIssuer issuer;
    private final IssuingCa ca;
    private final String caPem;
    private final Time notBefore;
    private final Time notAfter;

    DeviceBatch(CredentialIssuer issuer, IssuingCa ca, X509Certificate caCertificate, Validity validity)
            throws GeneralSecurityException {
        this.issuer = issuer;
        this.ca = ca;
        this.caPem = PemFiles.encodeCertificates(caCertificate);
        this.notBefore = CredentialIssuer.time(validity.notBefore());
        this.notAfter = CredentialIssuer.time(validity.notAfter());
    }

    /** A new key pair for {@code id} and its certificate (CN = id, then the CA: the chain a device presents). */
    public Issued issue(DeviceId id) throws GeneralSecurityException {
        AsymmetricCipherKeyPair keys = issuer.newKeys();
        SubjectPublicKeyInfo publicKey = P256Keys.publicKeyInfo(P256Keys.publicKey(keys));
        byte[] certificate = issuer.issueDevice(ca, publicKey, id, notBefore, notAfter);
        try {
            return new Issued(PemFiles.encode("CERTIFICATE", certificate) + caPem,
                    // PKCS#8, the "PRIVATE KEY" of RFC 7468 §10, with the public key inside so that GnuTLS reads it
                    PemFiles.encode("PRIVATE KEY", Pkcs8Keys.encode(keys)),
                    PemFiles.encode("PUBLIC KEY", publicKey.getEncoded()));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode the key pair of " + id, e);
        }
    }
}
