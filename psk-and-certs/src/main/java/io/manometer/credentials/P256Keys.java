package io.manometer.credentials;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * ECDSA P-256 key pairs made with BouncyCastle's lightweight EC code instead of the JDK's. On JDK 17 one key pair
 * plus one signature costs about 1.8 ms; BouncyCastle's P-256 field arithmetic and fixed-point comb tables do both
 * in about 0.35 ms, which is what makes 100,000 devices a matter of seconds. The encodings are the standard ones
 * (named curve, uncompressed point), so the files do not depend on which library made the key.
 */
final class P256Keys {

    /** {@code id-ecPublicKey} with the named curve {@code prime256v1}, as the JDK and OpenSSL write it. */
    static final AlgorithmIdentifier ALGORITHM = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
            SECObjectIdentifiers.secp256r1);
    static final int ORDER_BITS = 256;

    private static final X9ECParameters CURVE = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
    private static final ECDomainParameters DOMAIN = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
            CURVE);

    private P256Keys() {
    }

    static AsymmetricCipherKeyPair generate(SecureRandom random) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(DOMAIN, random));
        return generator.generateKeyPair();
    }

    static ECPublicKeyParameters publicKey(AsymmetricCipherKeyPair keys) {
        return (ECPublicKeyParameters) keys.getPublic();
    }

    static ECPrivateKeyParameters privateKey(AsymmetricCipherKeyPair keys) {
        return (ECPrivateKeyParameters) keys.getPrivate();
    }

    /** A JDK private key (a loaded {@code ca.key}) as the signing key BouncyCastle's signer takes. */
    static ECPrivateKeyParameters privateKey(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof ECPrivateKey ec) || ec.getParams().getOrder().compareTo(DOMAIN.getN()) != 0) {
            throw new GeneralSecurityException("not an ECDSA P-256 private key");
        }
        return new ECPrivateKeyParameters(ec.getS(), DOMAIN);
    }

    /** The DER SubjectPublicKeyInfo: what a {@code .pub} file and a certificate hold. */
    static SubjectPublicKeyInfo publicKeyInfo(ECPublicKeyParameters key) {
        return new SubjectPublicKeyInfo(ALGORITHM, key.getQ().getEncoded(false));
    }

    /** The same key pair as JDK keys, for callers that hand keys to the JDK or to Scandium. */
    static KeyPair toJdk(AsymmetricCipherKeyPair keys) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("EC");
        try {
            return new KeyPair(
                    factory.generatePublic(new X509EncodedKeySpec(publicKeyInfo(publicKey(keys)).getEncoded())),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(Pkcs8Keys.encode(keys))));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode a P-256 key pair", e);
        }
    }
}
