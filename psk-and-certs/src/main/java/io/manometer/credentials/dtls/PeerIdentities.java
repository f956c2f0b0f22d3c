package io.manometer.credentials.dtls;

import io.manometer.credentials.DeviceRegistry;
import io.manometer.protocol.DeviceId;
import java.security.Principal;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;

/**
 * Maps the principal of an authenticated DTLS peer to the device it is, the one place where the three credential
 * kinds meet: PSK identity = device id, raw public key = the device whose {@code .pub} it is, certificate CN =
 * device id. Everything past this point works with {@link DeviceId} only. A revoked device resolves to nothing,
 * whichever credential it shows (the registry's lookups consult the live deny list).
 */
public final class PeerIdentities {

    private PeerIdentities() {
    }

    public static Optional<DeviceId> resolve(Principal principal, DeviceRegistry registry) {
        if (principal instanceof PreSharedKeyIdentity psk) {
            return registered(psk.getIdentity(), registry);
        }
        if (principal instanceof RawPublicKeyIdentity rpk) {
            return registry.deviceForPublicKey(rpk.getKey());
        }
        if (principal instanceof X509CertPath path) {
            return commonName(path.getTarget().getSubjectX500Principal()).flatMap(cn -> registered(cn, registry));
        }
        return Optional.empty();
    }

    /**
     * The device {@code principal} names, whether or not it is still accepted: the PSK identity, the owner of the raw
     * public key, the certificate's CN. {@link #resolve} says whether to serve it; this says whose session it is, so
     * that a revoked device's sessions can be found and dropped.
     */
    public static Optional<DeviceId> claimedDevice(Principal principal, DeviceRegistry registry) {
        if (principal instanceof PreSharedKeyIdentity psk) {
            return validId(psk.getIdentity());
        }
        if (principal instanceof RawPublicKeyIdentity rpk) {
            return registry.keyOwner(rpk.getKey());
        }
        if (principal instanceof X509CertPath path) {
            return commonName(path.getTarget().getSubjectX500Principal()).flatMap(PeerIdentities::validId);
        }
        return Optional.empty();
    }

    public static Optional<String> commonName(X500Principal subject) {
        try {
            for (Rdn rdn : new LdapName(subject.getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static boolean isRegisteredName(String name, DeviceRegistry registry) {
        return registered(name, registry).isPresent();
    }

    private static Optional<DeviceId> validId(String name) {
        return DeviceId.isValid(name) ? Optional.of(DeviceId.of(name)) : Optional.empty();
    }

    private static Optional<DeviceId> registered(String name, DeviceRegistry registry) {
        if (!DeviceId.isValid(name)) {
            return Optional.empty();
        }
        DeviceId id = DeviceId.of(name);
        return registry.contains(id) ? Optional.of(id) : Optional.empty();
    }
}
