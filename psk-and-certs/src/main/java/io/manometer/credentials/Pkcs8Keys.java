package io.manometer.credentials;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;

/**
 * PKCS#8 encoding of an EC private key that also carries its public key. The JDK leaves out the optional
 * {@code publicKey} of RFC 5915's ECPrivateKey; OpenSSL and the JDK do not mind, but GnuTLS (libcoap's
 * {@code coap-*-gnutls}) refuses such a file with "ASN1 parser: Element was not found." Writing what OpenSSL
 * writes lets every peer read the credentials folder as it is.
 */
final class Pkcs8Keys {

    private Pkcs8Keys() {
    }

    /** The DER of a PKCS#8 PrivateKeyInfo (RFC 5208) whose ECPrivateKey includes the public key. */
    static byte[] encode(KeyPair keys) throws IOException {
        if (!(keys.getPrivate() instanceof ECPrivateKey ec)) {
            return keys.getPrivate().getEncoded();
        }
        PrivateKeyInfo jdk = PrivateKeyInfo.getInstance(ec.getEncoded());
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        return encode(jdk.getPrivateKeyAlgorithm(), ec.getParams().getOrder().bitLength(), ec.getS(),
                publicKey.getPublicKeyData());
    }

    /** The same encoding for a freshly generated P-256 key pair, without a detour through JDK key objects. */
    static byte[] encode(AsymmetricCipherKeyPair keys) throws IOException {
        return encode(P256Keys.ALGORITHM, P256Keys.ORDER_BITS, P256Keys.privateKey(keys).getD(),
                new DERBitString(P256Keys.publicKey(keys).getQ().getEncoded(false)));
    }

    private static byte[] encode(AlgorithmIdentifier algorithm, int orderBits, BigInteger key,
            ASN1BitString publicKey) throws IOException {
        // the curve is named in the AlgorithmIdentifier already, so the inner parameters stay out, as OpenSSL does
        org.bouncycastle.asn1.sec.ECPrivateKey withPublicKey = new org.bouncycastle.asn1.sec.ECPrivateKey(
                orderBits, key, publicKey, null);
        return new PrivateKeyInfo(algorithm, withPublicKey).getEncoded(ASN1Encoding.DER);
    }
}
