package io.manometer.credentials;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.eclipse.californium.elements.util.SslContextUtil.Credentials;

/**
 * What the server proves itself with and whom it trusts: its key pair and certificate chain (X.509 mode), the same
 * public key as its raw public key (RPK mode), and the CA certificates device certificates must chain to.
 */
public record ServerCredentials(PrivateKey privateKey, PublicKey publicKey, X509Certificate[] chain,
        X509Certificate[] trustedCas) {

    public ServerCredentials {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        chain = chain.clone();
        trustedCas = trustedCas.clone();
    }

    public static ServerCredentials load(CredentialsLayout layout) throws CredentialsException {
        Credentials credentials = PemFiles.load(layout.serverKey(), layout.serverCertificate());
        if (credentials.getPrivateKey() == null) {
            throw new CredentialsException(layout.serverKey() + " holds no private key");
        }
        X509Certificate[] chain = credentials.getCertificateChain();
        if (chain == null || chain.length == 0) {
            throw new CredentialsException(layout.serverCertificate() + " holds no certificate");
        }
        return new ServerCredentials(credentials.getPrivateKey(), chain[0].getPublicKey(), chain,
                PemFiles.loadCertificates(layout.caCertificate()));
    }

    @Override
    public X509Certificate[] chain() {
        return chain.clone();
    }

    @Override
    public X509Certificate[] trustedCas() {
        return trustedCas.clone();
    }

    @Override
    public String toString() {
        return "ServerCredentials[" + chain[0].getSubjectX500Principal() + "]";
    }
}
