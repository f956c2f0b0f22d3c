package io.manometer.credentials;

import io.manometer.protocol.DeviceId;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.eclipse.californium.elements.util.SslContextUtil.Credentials;

/**
 * What one device holds. Each credential mode needs only part of it, so loading is per mode: a PSK device must
 * work with nothing but its {@code .psk} file, as a real constrained device would be provisioned.
 */
public final class DeviceCredentials {

    private final DeviceId id;
    private final byte[] psk;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final X509Certificate[] chain;
    private final X509Certificate[] trustedCas;
    private final PublicKey serverPublicKey;

    private DeviceCredentials(DeviceId id, byte[] psk, PrivateKey privateKey, PublicKey publicKey,
            X509Certificate[] chain, X509Certificate[] trustedCas, PublicKey serverPublicKey) {
        this.id = id;
        this.psk = psk;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.chain = chain;
        this.trustedCas = trustedCas;
        this.serverPublicKey = serverPublicKey;
    }

    /** PSK and ECDHE-PSK: the identity is the device id, the key the ASCII bytes of {@code devices/ID.psk}. */
    public static DeviceCredentials loadPsk(CredentialsLayout layout, DeviceId id) throws CredentialsException {
        return new DeviceCredentials(id, PskFiles.read(layout.devicePsk(id)), null, null, null, null, null);
    }

    /** RPK (RFC 7250): the device's key pair and the server's pinned public key {@code server.pub}. */
    public static DeviceCredentials loadRawPublicKey(CredentialsLayout layout, DeviceId id)
            throws CredentialsException {
        Credentials keys = PemFiles.load(layout.deviceKey(id), layout.devicePublicKey(id));
        requirePrivateKey(keys, layout, id);
        PublicKey publicKey = keys.getPublicKey();
        if (publicKey == null) {
            throw new CredentialsException(layout.devicePublicKey(id) + " holds no public key");
        }
        return new DeviceCredentials(id, null, keys.getPrivateKey(), publicKey, null, null,
                PemFiles.loadPublicKey(layout.serverPublicKey()));
    }

    /** X.509: the device's key and certificate chain, and the CA that must have signed the server's certificate. */
    public static DeviceCredentials loadX509(CredentialsLayout layout, DeviceId id) throws CredentialsException {
        Credentials keys = PemFiles.load(layout.deviceKey(id), layout.deviceCertificate(id));
        requirePrivateKey(keys, layout, id);
        X509Certificate[] chain = keys.getCertificateChain();
        if (chain == null || chain.length == 0) {
            throw new CredentialsException(layout.deviceCertificate(id) + " holds no certificate");
        }
        return new DeviceCredentials(id, null, keys.getPrivateKey(), chain[0].getPublicKey(), chain,
                PemFiles.loadCertificates(layout.caCertificate()), null);
    }

    /** Credentials assembled in memory, for tests that need a device the registry does not know. */
    public static DeviceCredentials ofPsk(DeviceId id, byte[] psk) {
        return new DeviceCredentials(id, psk.clone(), null, null, null, null, null);
    }

    public static DeviceCredentials ofRawPublicKey(DeviceId id, PrivateKey privateKey, PublicKey publicKey,
            PublicKey serverPublicKey) {
        return new DeviceCredentials(id, null, privateKey, publicKey, null, null, serverPublicKey);
    }

    public static DeviceCredentials ofX509(DeviceId id, PrivateKey privateKey, X509Certificate[] chain,
            X509Certificate[] trustedCas) {
        return new DeviceCredentials(id, null, privateKey, chain[0].getPublicKey(), chain.clone(),
                trustedCas.clone(), null);
    }

    public DeviceId id() {
        return id;
    }

    public Optional<byte[]> psk() {
        return Optional.ofNullable(psk).map(byte[]::clone);
    }

    public Optional<PrivateKey> privateKey() {
        return Optional.ofNullable(privateKey);
    }

    public Optional<PublicKey> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    public Optional<X509Certificate[]> chain() {
        return Optional.ofNullable(chain).map(X509Certificate[]::clone);
    }

    public Optional<X509Certificate[]> trustedCas() {
        return Optional.ofNullable(trustedCas).map(X509Certificate[]::clone);
    }

    public Optional<PublicKey> serverPublicKey() {
        return Optional.ofNullable(serverPublicKey);
    }

    @Override
    public String toString() {
        return "DeviceCredentials[" + id + "]";
    }

    private static void requirePrivateKey(Credentials keys, CredentialsLayout layout, DeviceId id)
            throws CredentialsException {
        if (keys.getPrivateKey() == null) {
            throw new CredentialsException(layout.deviceKey(id) + " holds no private key");
        }
    }
}
