package io.manometer.server.endpoint;

import io.manometer.server.resource.LimitCounters;
import java.net.DatagramPacket;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.scandium.DatagramFilter;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.Record;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.SessionListener;

/**
 * Bounds the DTLS handshakes in progress, which Scandium does not: each holds a handshaker, its flights and, for
 * certificates, an ECDHE key and a signature check, so a burst of devices reconnecting at once could take all
 * memory and every core. A ClientHello that would start a handshake (it carries a cookie, RFC 6347 §4.2.1, or a
 * session to resume) is dropped while the limit is reached; the device retransmits it on its own timer and gets in
 * once others have finished. A ClientHello without a cookie passes: it is answered statelessly with a
 * HelloVerifyRequest anyway.
 * <pre>
 *  datagram ─▶ default record filter ─▶ ClientHello with cookie/session? ─▶ pending &lt; max? ─ no ─▶ drop, count
 *  pending = handshakers started and neither established nor failed (see {@link #listener})
 * </pre>
 * A handshake stops counting once the server has its keys (it sent its last flight, or received the client's
 * Finished on resumption), not when Scandium calls it completed: that waits for the device's first application
 * record, about 30 s for a device that handshakes and stays silent, and a few hundred such devices would otherwise
 * lock everyone out. The handshakers are held weakly, so one dropped with its connection without either callback
 * (evicted from a full connection store) leaves the count at the next garbage collection instead of never.
 */
final class PendingHandshakeLimit implements DatagramFilter {

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    /** Record header (13) + handshake header (12) + client_version (2) + random (32). */
    private static final int SESSION_ID_OFFSET = 13 + 12 + 2 + 32;

    private final int max;
    private final DatagramFilter next;
    private final LimitCounters counters;
    /** Guarded by itself; Handshaker keeps identity equality, so each handshaker is one entry. */
    private final Map<Object, Boolean> handshakers = new WeakHashMap<>();
    /** The size of {@link #handshakers} at its last change, for the datagram path to read without the lock. */
    private final AtomicInteger pending = new AtomicInteger();

    /** {@code next} is the filter that would otherwise be installed, or {@code null}; {@code max} 0 = no limit. */
    PendingHandshakeLimit(int max, DatagramFilter next, LimitCounters counters) {
        this.max = max;
        this.next = next;
        this.counters = counters;
        counters.pendingHandshakesFrom(this::pending);
    }

    /** Handshakes started and neither established nor failed. */
    int pending() {
        synchronized (handshakers) {
            // size() also drops the handshakers collected since the last change
            pending.set(handshakers.size());
            return pending.get();
        }
    }

    /** The listener to add to the connector's handshakers, which keeps the count. */
    SessionListener listener() {
        return new SessionAdapter() {
            @Override
            public void handshakeStarted(Handshaker handshaker) {
                started(handshaker);
            }

            @Override
            public void contextEstablished(Handshaker handshaker, DTLSContext establishedContext) {
                ended(handshaker);
            }

            @Override
            public void handshakeFailed(Handshaker handshaker, Throwable error) {
                ended(handshaker);
            }
        };
    }

    void started(Object handshaker) {
        synchronized (handshakers) {
            handshakers.put(handshaker, Boolean.TRUE);
            pending.set(handshakers.size());
        }
    }

    /** Once established, or failed; the second call for a handshaker (failed after established) changes nothing. */
    void ended(Object handshaker) {
        synchronized (handshakers) {
            handshakers.remove(handshaker);
            pending.set(handshakers.size());
        }
    }

    @Override
    public boolean onReceiving(DatagramPacket packet) {
        if (next != null && !next.onReceiving(packet)) {
            return false;
        }
        // the parse and the recount only run at the limit, so the common path costs one volatile read
        if (max > 0 && pending.get() >= max && startsHandshake(packet.getData(), packet.getOffset(),
                packet.getLength()) && pending() >= max) {
            counters.handshakeRefused();
            return false;
        }
        return true;
    }

    /** A ClientHello with a cookie or a session id; anything unparsable is left to Scandium to reject. */
    static boolean startsHandshake(byte[] data, int offset, int length) {
        if (length <= SESSION_ID_OFFSET || data[offset] != HANDSHAKE || data[offset + 3] != 0 || data[offset + 4] != 0
                || data[offset + 13] != CLIENT_HELLO) {
            return false;
        }
        int sessionIdLength = data[offset + SESSION_ID_OFFSET] & 0xff;
        int cookieAt = SESSION_ID_OFFSET + 1 + sessionIdLength;
        if (sessionIdLength > 0) {
            return true;
        }
        return cookieAt < length && (data[offset + cookieAt] & 0xff) > 0;
    }

    @Override
    public boolean onReceiving(Record record, Connection connection) {
        return next == null || next.onReceiving(record, connection);
    }

    @Override
    public boolean onMacError(Record record, Connection connection) {
        return next != null && next.onMacError(record, connection);
    }

    @Override
    public void onDrop(DatagramPacket packet) {
        if (next != null) {
            next.onDrop(packet);
        }
    }

    @Override
    public void onDrop(Record record) {
        if (next != null) {
            next.onDrop(record);
        }
    }

    @Override
    public void onApplicationAuthorizationRejected(Connection connection) {
        if (next != null) {
            next.onApplicationAuthorizationRejected(connection);
        }
    }
}
