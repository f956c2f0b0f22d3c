package io.manometer.server.endpoint;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.InMemoryConnectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scandium's connection store, except that a session is dropped as soon as the same peer, from the same address,
 * completes a new full handshake. Scandium keeps the old session because with connection ids (RFC 9146) it cannot
 * know that nobody else still uses it: it only loses its address, and it stays until it is stale (30 minutes) and
 * the store is full. A device that re-handshakes often (reboots, {@code HANDSHAKE_MODE_FORCE_FULL}, a load test)
 * thus fills {@code DTLS.MAX_CONNECTIONS} with dead sessions, after which every new handshake is refused; measured:
 * 150,000 handshakes from 32 addresses in 25 s left 150,000 sessions and the server refused all further devices.
 * <pre>
 *   ClientHello (cookie ok) from A ──▶ put(new): remember the session displaced from A
 *   new session established        ──▶ same principal as the displaced one? ─ yes ─▶ remove the displaced one
 *                                                                           └ no ──▶ keep it (CID peer behind a NAT)
 * </pre>
 * The same principal from the same address is the same client: two clients cannot share one UDP address and port,
 * and a client keeps one session per server. Devices sharing an identity from different addresses (load tests) are
 * left alone, and so is a peer that appears at another device's old address.
 */
final class SupersedingConnectionStore extends InMemoryConnectionStore {

    private static final Logger LOGGER = LoggerFactory.getLogger(SupersedingConnectionStore.class);

    /**
     * Handshakes in progress that displaced an established session; bounded, since an entry whose handshake neither
     * completes nor fails (evicted while pending) is never taken out. Beyond the bound, sessions are simply kept.
     */
    static final int MAX_PENDING = 65_536;

    /** New connection's id → the established connection it displaced from its address. */
    private final Map<ConnectionId, Connection> displaced = new ConcurrentHashMap<>();
    private final ServerCounters counters;

    SupersedingConnectionStore(DtlsConnectorConfig config, ServerCounters counters) {
        super(config.get(DtlsConfig.DTLS_MAX_CONNECTIONS),
                config.get(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, TimeUnit.SECONDS), config.getSessionStore(),
                config.get(DtlsConfig.DTLS_REMOVE_STALE_DOUBLE_PRINCIPALS));
        setTag(config.getLoggingTag());
        this.counters = counters;
    }

    /** Called for the connection of every new handshake, once the ClientHello passed the cookie check. */
    @Override
    public boolean put(Connection connection) {
        InetSocketAddress address = connection == null ? null : connection.getPeerAddress();
        Connection previous = address == null ? null : connectionsByAddress.get(address);
        boolean added = super.put(connection);
        if (added && previous != null && previous != connection && previous.getEstablishedPeerIdentity() != null
                && displaced.size() < MAX_PENDING) {
            displaced.put(connection.getConnectionId(), previous);
        }
        return added;
    }

    /** Called on the new connection's executor when its handshake has established the session. */
    @Override
    public void putEstablishedSession(Connection connection) {
        super.putEstablishedSession(connection);
        ConnectionId id = connection.getConnectionId();
        Connection previous = id == null ? null : displaced.remove(id);
        Principal peer = connection.getEstablishedPeerIdentity();
        if (previous != null && peer != null && Objects.equals(peer, previous.getEstablishedPeerIdentity())) {
            LOGGER.debug("{} completed a new handshake from {}; dropping its previous session {}", peer.getName(),
                    connection.getPeerAddress(), previous.getConnectionId());
            previous.execute(() -> replace(previous), true);
        }
    }

    /** Runs on the previous connection's executor, which owns its handshaker. */
    private void replace(Connection previous) {
        Handshaker lingering = previous.getOngoingHandshake();
        if (lingering != null && lingering.getDtlsContext() == previous.getEstablishedDtlsContext()) {
            // still holding its last flight for a retransmission (RFC 6347 §4.2.4); the peer has started over, so it
            // got that flight: the handshake completed, and is counted so, instead of vanishing with the connection
            lingering.handshakeCompleted();
        }
        if (remove(previous, false)) {
            counters.sessionReplaced();
        }
    }

    /** A handshake that fails removes its connection; what it displaced stays. */
    @Override
    public boolean remove(Connection connection, boolean removeFromSessionCache) {
        ConnectionId id = connection.getConnectionId();
        if (id != null) {
            displaced.remove(id);
        }
        return super.remove(connection, removeFromSessionCache);
    }

    /** Sessions in the store, for tests and probes. */
    int size() {
        return connections.size();
    }
}
