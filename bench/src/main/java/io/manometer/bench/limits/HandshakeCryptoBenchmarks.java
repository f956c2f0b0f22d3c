package io.manometer.bench.limits;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The public-key operations a server performs in one full ECDHE handshake on P-256, each measured alone so that
 * their sum bounds the handshake rate: no server can complete handshakes faster than its cores can run this
 * cryptography. Key generation and agreement go through Scandium's own {@link XECDHECryptography}, exactly as its
 * handshakers do; signatures use the JCE's {@code SHA256withECDSA}, as Scandium's ServerKeyExchange and
 * CertificateVerify checks do.
 * <pre>
 *   ECDHE-ECDSA (x509): keygen + ECDH + sign(ServerKeyExchange) + verify(CertificateVerify) + verify(cert)
 *   ECDHE-ECDSA (rpk):  keygen + ECDH + sign(ServerKeyExchange) + verify(CertificateVerify)
 *   ECDHE-PSK:          keygen + ECDH
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandshakeCryptoBenchmarks {

    /** Client random, server random and the ECDH parameters: what the ServerKeyExchange signature covers. */
    private static final int SERVER_KEY_EXCHANGE_SIGNED_BYTES = 32 + 32 + 4 + 65;
    /** About what a CertificateVerify covers in a mutual x509 handshake: every handshake message so far. */
    private static final int CERTIFICATE_VERIFY_SIGNED_BYTES = 1500;

    private byte[] peerPoint;
    private XECDHECryptography serverEphemeral;
    private KeyPair serverKey;
    private byte[] serverKeyExchange;
    private byte[] handshakeMessages;
    private byte[] clientSignature;
    private KeyPair clientKey;

    @Setup
    public void setUp() throws GeneralSecurityException {
        // fixed seed: the same inputs every run; the keys themselves come from Scandium's own random source
        SecureRandom inputs = SecureRandom.getInstance("SHA1PRNG");
        inputs.setSeed(42);
        peerPoint = new XECDHECryptography(SupportedGroup.secp256r1).getEncodedPoint();
        serverEphemeral = new XECDHECryptography(SupportedGroup.secp256r1);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), inputs);
        serverKey = generator.generateKeyPair();
        clientKey = generator.generateKeyPair();
        serverKeyExchange = new byte[SERVER_KEY_EXCHANGE_SIGNED_BYTES];
        handshakeMessages = new byte[CERTIFICATE_VERIFY_SIGNED_BYTES];
        inputs.nextBytes(serverKeyExchange);
        inputs.nextBytes(handshakeMessages);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(clientKey.getPrivate(), inputs);
        signer.update(handshakeMessages);
        clientSignature = signer.sign();
    }

    /** The server's ephemeral key pair and its encoded point (ServerKeyExchange). */
    @Benchmark
    public byte[] keygen() throws GeneralSecurityException {
        return new XECDHECryptography(SupportedGroup.secp256r1).getEncodedPoint();
    }

    /** The premaster secret from the client's point (ClientKeyExchange), including decoding and checking it. */
    @Benchmark
    public SecretKey ecdh() throws GeneralSecurityException {
        return serverEphemeral.generateSecret(peerPoint);
    }

    /** The server's signature over the ServerKeyExchange parameters. */
    @Benchmark
    public byte[] sign() throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(serverKey.getPrivate());
        signer.update(serverKeyExchange);
        return signer.sign();
    }

    /** One verification: the client's CertificateVerify, or the CA's signature on the client's certificate. */
    @Benchmark
    public boolean verify() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(clientKey.getPublic());
        verifier.update(handshakeMessages);
        return verifier.verify(clientSignature);
    }
}
