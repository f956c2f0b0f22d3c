package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.junit.jupiter.api.Test;

class Pkcs8KeysTest {

    @Test
    void the_encoded_key_carries_its_public_key_and_decodes_to_the_same_private_key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();

        byte[] encoded = Pkcs8Keys.encode(keys);

        org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                PrivateKeyInfo.getInstance(encoded).parsePrivateKey());
        assertNotNull(inner.getPublicKey(), "public key included");
        assertArrayEquals(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData()
                .getBytes(), inner.getPublicKey().getBytes());
        PrivateKey decoded = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        assertEquals(((ECPrivateKey) keys.getPrivate()).getS(), ((ECPrivateKey) decoded).getS());
    }

    @Test
    void a_generated_key_pair_encodes_to_the_same_bytes_as_the_same_pair_held_as_jdk_keys() throws Exception {
        AsymmetricCipherKeyPair generated = P256Keys.generate(new SecureRandom());
        KeyPair jdk = P256Keys.toJdk(generated);

        assertArrayEquals(Pkcs8Keys.encode(jdk), Pkcs8Keys.encode(generated));
        assertArrayEquals(jdk.getPublic().getEncoded(),
                P256Keys.publicKeyInfo(P256Keys.publicKey(generated)).getEncoded());
    }
}
