package io.manometer.credentials;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

/**
 * What every leaf certificate takes from the CA that signs it: the issuer name, the authority key identifier
 * (RFC 5280 §4.2.1.1: the CA's key id, its issuer and serial) and the signing key. Derived once per CA, not once
 * per device.
 */
record IssuingCa(X500Name name, AuthorityKeyIdentifier keyIdentifier, ECPrivateKeyParameters signingKey) {

    static IssuingCa of(CredentialIssuer.Authority ca) throws GeneralSecurityException {
        X509Certificate certificate = ca.certificate();
        X509CertificateHolder holder;
        try {
            holder = new X509CertificateHolder(certificate.getEncoded());
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot read the CA certificate", e);
        }
        return new IssuingCa(holder.getSubject(), new BcX509ExtensionUtils().createAuthorityKeyIdentifier(holder),
                P256Keys.privateKey(ca.keys().getPrivate()));
    }

    @Override
    public String toString() {
        return "IssuingCa[" + name + "]";
    }
}
