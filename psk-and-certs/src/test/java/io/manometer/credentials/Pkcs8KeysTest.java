package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
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
}
