package io.manometer.server.endpoint;

import io.manometer.server.resource.LimitCounters;
import java.net.DatagramPacket;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.scandium.DatagramFilter;
import org.eclipse.californium.scandium.DtlsHealth;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.Record;

/**
 * Bounds the DTLS handshakes in progress, which Scandium does not: each holds a handshaker, its flights and, for
 * certificates, an ECDHE key and a signature check, so a burst of devices reconnecting at once could take all
 * memory and every core. A ClientHello that would start a handshake (it carries a cookie, RFC 6347 §4.2.1, or a
 * session to resume) is dropped while the limit is reached; the device retransmits it on its own timer and gets in
 * once others have finished. A ClientHello without a cookie passes: it is answered statelessly with a
 * HelloVerifyRequest anyway.
 * <pre>
 *  datagram ─▶ default record filter ─▶ ClientHello with cookie/session? ─▶ pending &lt; max? ─ no ─▶ drop, count
 *  handshakes in progress = started − ended, from Scandium's health hooks (see {@link #counting})
 * </pre>
 */
final class PendingHandshakeLimit implements DatagramFilter {

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    /** Record header (13) + handshake header (12) + client_version (2) + random (32). */
    private static final int SESSION_ID_OFFSET = 13 + 12 + 2 + 32;

    private final int max;
    private final DatagramFilter next;
    private final LimitCounters counters;
    private final AtomicInteger pending = new AtomicInteger();

    /** {@code next} is the filter that would otherwise be installed, or {@code null}; {@code max} 0 = no limit. */
    PendingHandshakeLimit(int max, DatagramFilter next, LimitCounters counters) {
        this.max = max;
        this.next = next;
        this.counters = counters;
    }

    /** Handshakes started and not yet ended. */
    int pending() {
        return pending.get();
    }

    /** {@code health}, also keeping the count of handshakes in progress. */
    DtlsHealth counting(DtlsHealth health) {
        return new PendingCountingHealth(health);
    }

    @Override
    public boolean onReceiving(DatagramPacket packet) {
        if (next != null && !next.onReceiving(packet)) {
            return false;
        }
        // the parse only runs at the limit, so the common path costs one volatile read
        if (max > 0 && pending.get() >= max && startsHandshake(packet.getData(), packet.getOffset(),
                packet.getLength())) {
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

    /** Scandium calls start when it creates a handshaker and end once per handshaker, on success or failure. */
    private final class PendingCountingHealth implements DtlsHealth {
        private final DtlsHealth delegate;

        PendingCountingHealth(DtlsHealth delegate) {
            this.delegate = delegate;
        }

        @Override
        public void startHandshake() {
            pending.incrementAndGet();
            delegate.startHandshake();
        }

        @Override
        public void endHandshake(boolean success) {
            // never below 0, whatever the order of the callbacks at shutdown
            pending.updateAndGet(n -> Math.max(0, n - 1));
            delegate.endHandshake(success);
        }

        @Override
        public void dump() {
            delegate.dump();
        }

        @Override
        public boolean isEnabled() {
            return true;
        }

        @Override
        public void receivingRecord(boolean drop) {
            delegate.receivingRecord(drop);
        }

        @Override
        public void sendingRecord(boolean drop) {
            delegate.sendingRecord(drop);
        }

        @Override
        public void setMaxConnections(int count) {
            delegate.setMaxConnections(count);
        }

        @Override
        public void setConnections(int count) {
            delegate.setConnections(count);
        }

        @Override
        public void receivingMacError() {
            delegate.receivingMacError();
        }

        @Override
        public void setPendingIncomingJobs(int count) {
            delegate.setPendingIncomingJobs(count);
        }

        @Override
        public void setPendingOutgoingJobs(int count) {
            delegate.setPendingOutgoingJobs(count);
        }

        @Override
        public void setPendingHandshakeJobs(int count) {
            delegate.setPendingHandshakeJobs(count);
        }

        @Override
        public void applicationAuthorizationRejected(boolean rejected) {
            delegate.applicationAuthorizationRejected(rejected);
        }
    }
}
