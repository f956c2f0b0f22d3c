package io.manometer.credentials;

import io.manometer.protocol.DeviceId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

/**
 * Issues the project's ECDSA P-256 key pairs and X.509 certificates (RFC 7925 §4.4.1 asks for P-256 and
 * SHA-256). Keys and signatures come from BouncyCastle's lightweight API (see {@link P256Keys} for why not the
 * JDK's); what it returns are plain JDK keys and certificates.
 */
public final class CredentialIssuer {

    /** The CA that signed a certificate, kept together so that issuing needs one argument. */
    public record Authority(KeyPair keys, X509Certificate certificate) {
    }

    /** A validity window; tests pass windows in the past to make expired certificates. */
    public record Validity(Instant notBefore, Instant notAfter) {
    }

    private static final AlgorithmIdentifier SIGNATURE = new DefaultSignatureAlgorithmIdentifierFinder()
            .find("SHA256withECDSA");
    private static final AlgorithmIdentifier DIGEST = new DefaultDigestAlgorithmIdentifierFinder().find(SIGNATURE);

    private static final RDN ORGANISATION = name("O=Manometer").getRDNs()[0];

    private final SecureRandom random;

    public CredentialIssuer(SecureRandom random) {
        this.random = random;
    }

    public KeyPair newKeyPair() throws GeneralSecurityException {
        return P256Keys.toJdk(newKeys());
    }

    public Authority newAuthority(String commonName, Validity validity) throws GeneralSecurityException {
        AsymmetricCipherKeyPair keys = newKeys();
        SubjectPublicKeyInfo publicKey = P256Keys.publicKeyInfo(P256Keys.publicKey(keys));
        X500Name subject = name("CN=" + commonName + ", O=Manometer");
        X509v3CertificateBuilder builder = builder(subject, subject, publicKey, time(validity.notBefore()),
                time(validity.notAfter()));
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new BcX509ExtensionUtils().createSubjectKeyIdentifier(publicKey));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode CA extensions", e);
        }
        return new Authority(P256Keys.toJdk(keys), certificate(sign(builder, P256Keys.privateKey(keys))));
    }

    /** The server certificate: SAN DNS:localhost, IP:127.0.0.1, IP:::1 so devices can verify it on loopback. */
    public X509Certificate issueServer(Authority ca, KeyPair keys, String commonName, Validity validity)
            throws GeneralSecurityException {
        GeneralNames names = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")
        });
        return certificate(issueLeaf(IssuingCa.of(ca), name("CN=" + commonName + ", O=Manometer"),
                publicKeyInfo(keys), KeyPurposeId.id_kp_serverAuth, names, time(validity.notBefore()),
                time(validity.notAfter())));
    }

    /** A device certificate; its CN is the device id, which the server maps to the device. */
    public X509Certificate issueDevice(Authority ca, KeyPair keys, DeviceId id, Validity validity)
            throws GeneralSecurityException {
        return certificate(issueDevice(IssuingCa.of(ca), publicKeyInfo(keys), id, time(validity.notBefore()),
                time(validity.notAfter())));
    }

    /** For issuing many devices under {@code ca}: the CA's share of the work is done here, once. */
    public DeviceBatch batch(Authority ca, Validity validity) throws GeneralSecurityException {
        return new DeviceBatch(this, IssuingCa.of(ca), ca.certificate(), validity);
    }

    AsymmetricCipherKeyPair newKeys() {
        return P256Keys.generate(random);
    }

    /** The DER of a device certificate for {@code publicKey}; safe to call from several threads. */
    byte[] issueDevice(IssuingCa ca, SubjectPublicKeyInfo publicKey, DeviceId id, Time notBefore, Time notAfter)
            throws GeneralSecurityException {
        return issueLeaf(ca, deviceName(id), publicKey, KeyPurposeId.id_kp_clientAuth, null, notBefore, notAfter);
    }

    private byte[] issueLeaf(IssuingCa ca, X500Name subject, SubjectPublicKeyInfo publicKey, KeyPurposeId purpose,
            GeneralNames names, Time notBefore, Time notAfter) throws GeneralSecurityException {
        X509v3CertificateBuilder builder = builder(ca.name(), subject, publicKey, notBefore, notAfter);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ca.keyIdentifier());
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode certificate extensions", e);
        }
        return sign(builder, ca.signingKey());
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, SubjectPublicKeyInfo publicKey,
            Time notBefore, Time notAfter) {
        return new X509v3CertificateBuilder(issuer, new BigInteger(127, random).add(BigInteger.ONE), notBefore,
                notAfter, subject, publicKey);
    }

    /** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5); encoding one costs a date format. */
    static Time time(Instant instant) {
        return new Time(Date.from(instant));
    }

    private byte[] sign(X509v3CertificateBuilder builder, ECPrivateKeyParameters signer)
            throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new BcECContentSignerBuilder(SIGNATURE, DIGEST).setSecureRandom(random)
                    .build(signer);
            return builder.build(contentSigner).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot sign certificate", e);
        }
    }

    /**
     * A distinguished name encoded the way the JDK encodes it (PrintableString where it can), not the way
     * BouncyCastle's own parser would (UTF8String), so names read the same in both libraries' tools.
     */
    static X500Name name(String distinguishedName) {
        return X500Name.getInstance(new X500Principal(distinguishedName).getEncoded());
    }

    /**
     * {@code CN=<id>, O=Manometer} as {@link #name} would encode it, without parsing a string per device: the JDK
     * writes a PrintableString when every character allows it, else a UTF8String (ids may hold '_').
     */
    static X500Name deviceName(DeviceId id) {
        ASN1Encodable value = DERPrintableString.isPrintableString(id.value()) ? new DERPrintableString(id.value())
                : new DERUTF8String(id.value());
        // DER lists the RDNs from the root: O first, then CN
        return new X500Name(new RDN[] {ORGANISATION, new RDN(BCStyle.CN, value)});
    }

    private static SubjectPublicKeyInfo publicKeyInfo(KeyPair keys) {
        return SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    }

    private static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
