package io.manometer.server.resource;

import io.manometer.protocol.DeviceId;
import java.security.Principal;
import java.util.Optional;

/** Maps an authenticated DTLS principal to the device it is; the resource needs nothing else from the DTLS layer. */
@FunctionalInterface
public interface PeerResolver {

    Optional<DeviceId> resolve(Principal principal);

    /**
     * The device {@code principal} names if that device has been revoked, so that a request still arriving on its
     * old session (in the moment before the session is dropped, or restored from saved state) is told 4.03 and
     * why, rather than 4.01. Empty for a principal that never named a device.
     */
    default Optional<DeviceId> revoked(Principal principal) {
        return Optional.empty();
    }
}
