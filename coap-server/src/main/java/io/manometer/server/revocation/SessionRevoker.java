package io.manometer.server.revocation;

import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.dtls.PeerIdentities;
import io.manometer.protocol.DeviceId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.scandium.DTLSConnector;

/**
 * Drops the DTLS sessions of peers the registry no longer accepts: revoked devices, in every mode, and after a
 * restart any restored session whose device has gone. Refusing the next handshake is not enough, because a
 * session lives for hours and a device with one never handshakes again. The session is also removed from the
 * session cache, so it cannot be resumed with an abbreviated handshake (RFC 5246 §7.3), which would skip the
 * credential checks.
 * <pre>
 *   connector.startTerminateConnectionsForPrincipal: for each connection, on its own serial executor
 *     principal ─▶ PeerIdentities.resolve ─ accepted ─▶ keep
 *                                         └ not ─────▶ remove (and count under the device it claims)
 * </pre>
 */
public final class SessionRevoker {

    /** How many sessions were dropped, and whose (a peer that names no device is counted in the total only). */
    public record Dropped(Map<DeviceId, Integer> byDevice, int total) {
        public Dropped {
            byDevice = Map.copyOf(byDevice);
        }

        public int of(DeviceId id) {
            return byDevice.getOrDefault(id, 0);
        }
    }

    private final DTLSConnector connector;
    private final DeviceRegistry registry;

    public SessionRevoker(DTLSConnector connector, DeviceRegistry registry) {
        this.connector = connector;
        this.registry = registry;
    }

    /** Drops every session whose peer the registry does not accept now; waits at most {@code timeout}. */
    public Dropped dropUnaccepted(Duration timeout) throws TimeoutException, InterruptedException {
        Map<DeviceId, Integer> byDevice = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        Future<Void> done = connector.startTerminateConnectionsForPrincipal(principal -> {
            if (PeerIdentities.resolve(principal, registry).isPresent()) {
                return false;
            }
            total.incrementAndGet();
            PeerIdentities.claimedDevice(principal, registry).ifPresent(id -> byDevice.merge(id, 1, Integer::sum));
            return true;
        });
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("dropping sessions failed: " + e.getCause(), e.getCause());
        }
        return new Dropped(byDevice, total.get());
    }
}
