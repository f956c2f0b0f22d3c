package io.manometer.credentials.dtls;

import io.manometer.credentials.DeviceRegistry;
import java.net.InetSocketAddress;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.PskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Server-side PSK lookup: the PSK identity is the device id, the key comes from the {@link DeviceRegistry}.
 * An unknown identity yields an empty result; Scandium then drops the handshake silently, exactly as for a wrong
 * key, so that nobody can probe which identities exist. A revoked device's identity is unknown from the moment the
 * registry learns of the revocation, so its next handshake fails the same silent way.
 */
public final class RegistryPskStore implements PskStore {

    private final DeviceRegistry registry;

    public RegistryPskStore(DeviceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName,
            PskPublicInformation identity, String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
            boolean useExtendedMasterSecret) {
        return registry.psk(identity.getPublicInfoAsString())
                .map(key -> {
                    SecretKey secret = SecretUtil.create(key, PskSecretResult.ALGORITHM_PSK);
                    Arrays.fill(key, (byte) 0);
                    return new PskSecretResult(cid, identity, secret, false, false);
                })
                .orElseGet(() -> new PskSecretResult(cid, identity));
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        // a server never starts a PSK handshake itself
        return null;
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
