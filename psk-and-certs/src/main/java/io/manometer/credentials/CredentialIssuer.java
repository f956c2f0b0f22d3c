package io.manometer.credentials;

import io.manometer.protocol.DeviceId;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the project's ECDSA P-256 key pairs and X.509 certificates (RFC 7925 §4.4.1 asks for P-256 and
 * SHA-256). BouncyCastle is used only to build certificates; the JDK does all the cryptography.
 */
public final class CredentialIssuer {

    /** The CA that signed a certificate, kept together so that issuing needs one argument. */
    public record Authority(KeyPair keys, X509Certificate certificate) {
    }

    /** A validity window; tests pass windows in the past to make expired certificates. */
    public record Validity(Instant notBefore, Instant notAfter) {
    }

    private static final String SIGNATURE = "SHA256withECDSA";

    private final SecureRandom random;

    public CredentialIssuer(SecureRandom random) {
        this.random = random;
    }

    public KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    public Authority newAuthority(String commonName, Validity validity) throws GeneralSecurityException {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName + ", O=Manometer");
        X509v3CertificateBuilder builder = builder(subject, subject, keys, validity);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode CA extensions", e);
        }
        return new Authority(keys, sign(builder, keys));
    }

    /** The server certificate: SAN DNS:localhost, IP:127.0.0.1, IP:::1 so devices can verify it on loopback. */
    public X509Certificate issueServer(Authority ca, KeyPair keys, String commonName, Validity validity)
            throws GeneralSecurityException {
        GeneralNames names = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")
        });
        return issueLeaf(ca, keys, "CN=" + commonName + ", O=Manometer", KeyPurposeId.id_kp_serverAuth, names,
                validity);
    }

    /** A device certificate; its CN is the device id, which the server maps to the device. */
    public X509Certificate issueDevice(Authority ca, KeyPair keys, DeviceId id, Validity validity)
            throws GeneralSecurityException {
        return issueLeaf(ca, keys, "CN=" + id.value() + ", O=Manometer", KeyPurposeId.id_kp_clientAuth, null,
                validity);
    }

    private X509Certificate issueLeaf(Authority ca, KeyPair keys, String subject, KeyPurposeId purpose,
            GeneralNames names, Validity validity) throws GeneralSecurityException {
        X509v3CertificateBuilder builder = builder(ca.certificate().getSubjectX500Principal(),
                new X500Principal(subject), keys, validity);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(ca.certificate()));
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode certificate extensions", e);
        }
        return sign(builder, ca.keys());
    }

    private X509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject, KeyPair keys,
            Validity validity) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign certificate", e);
        }
    }
}
