package io.manometer.it;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialIssuer.Authority;
import io.manometer.credentials.CredentialIssuer.Validity;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.PemFiles;
import io.manometer.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * Device credentials the server must refuse in the handshake, each wrong in exactly one way, built in memory
 * beside a real credentials folder: the rest (server key pinned, CA trusted) is right, so the refusal can only
 * come from the one wrong part.
 */
final class RejectedCredentials {

    private final CredentialsLayout layout;
    private final CredentialIssuer issuer = new CredentialIssuer(new SecureRandom());

    RejectedCredentials(CredentialsLayout layout) {
        this.layout = layout;
    }

    /** A registered PSK identity with a key the server does not hold. */
    DeviceCredentials wrongPsk(String id) {
        return DeviceCredentials.ofPsk(DeviceId.of(id),
                "NotTheKeyTheServerHolds0123456789".getBytes(StandardCharsets.US_ASCII));
    }

    /** A PSK identity the registry has never heard of. */
    DeviceCredentials unknownPskIdentity(String id) {
        return DeviceCredentials.ofPsk(DeviceId.of(id),
                "AKeyForADeviceNobodyRegistered42".getBytes(StandardCharsets.US_ASCII));
    }

    /** A fresh key pair that is in no {@code devices/*.pub}; the server's key is pinned correctly. */
    DeviceCredentials unregisteredRawPublicKey(String id) throws GeneralSecurityException, CredentialsException {
        KeyPair keys = issuer.newKeyPair();
        return DeviceCredentials.ofRawPublicKey(DeviceId.of(id), keys.getPrivate(), keys.getPublic(),
                PemFiles.loadPublicKey(layout.serverPublicKey()));
    }

    /** A well-formed certificate with the right CN, signed by a CA the server does not trust. */
    DeviceCredentials certificateFromForeignCa(String id) throws GeneralSecurityException, CredentialsException {
        Instant now = Instant.now();
        Authority foreign = issuer.newAuthority("Foreign CA", new Validity(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30))));
        return certificateDevice(id, foreign, new Validity(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30))));
    }

    /** A certificate from the server's own CA whose validity window ended yesterday. */
    DeviceCredentials expiredCertificate(String id) throws GeneralSecurityException, CredentialsException {
        Instant now = Instant.now();
        return certificateDevice(id, ownAuthority(), new Validity(now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1))));
    }

    /** A valid certificate from the server's own CA for a name that is not a registered device. */
    DeviceCredentials certificateForUnregisteredName(String id) throws GeneralSecurityException,
            CredentialsException {
        Instant now = Instant.now();
        return certificateDevice(id, ownAuthority(), new Validity(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30))));
    }

    private DeviceCredentials certificateDevice(String id, Authority authority, Validity validity)
            throws GeneralSecurityException, CredentialsException {
        DeviceId device = DeviceId.of(id);
        KeyPair keys = issuer.newKeyPair();
        X509Certificate certificate = issuer.issueDevice(authority, keys, device, validity);
        return DeviceCredentials.ofX509(device, keys.getPrivate(),
                new X509Certificate[] {certificate, authority.certificate()},
                PemFiles.loadCertificates(layout.caCertificate()));
    }

    private Authority ownAuthority() throws CredentialsException {
        PrivateKey key = PemFiles.load(layout.caKey()).getPrivateKey();
        X509Certificate ca = PemFiles.loadCertificates(layout.caCertificate())[0];
        return new Authority(new KeyPair(ca.getPublicKey(), key), ca);
    }
}
