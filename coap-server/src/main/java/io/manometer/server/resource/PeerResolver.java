package io.manometer.server.resource;

import io.manometer.protocol.DeviceId;
import java.security.Principal;
import java.util.Optional;

/** Maps an authenticated DTLS principal to the device it is; the resource needs nothing else from the DTLS layer. */
@FunctionalInterface
public interface PeerResolver {

    Optional<DeviceId> resolve(Principal principal);
}
