package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.server.resource.LimitCounters;
import java.net.DatagramPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which datagrams the pending-handshake limit drops, on hand-made DTLS 1.2 ClientHello bytes (RFC 6347 §4.2.2). */
class PendingHandshakeLimitTest {

    private final LimitCounters counters = new LimitCounters();

    @Test
    void a_client_hello_with_a_cookie_or_a_session_starts_a_handshake_and_one_without_does_not() {
        assertFalse(PendingHandshakeLimit.startsHandshake(clientHello(0, 0), 0, clientHello(0, 0).length));
        assertTrue(PendingHandshakeLimit.startsHandshake(clientHello(0, 32), 0, clientHello(0, 32).length));
        assertTrue(PendingHandshakeLimit.startsHandshake(clientHello(32, 0), 0, clientHello(32, 0).length));
    }

    @Test
    void other_records_never_start_a_handshake() {
        byte[] applicationData = clientHello(0, 32);
        applicationData[0] = 23;
        byte[] epochOne = clientHello(0, 32);
        epochOne[4] = 1;
        byte[] truncated = Arrays.copyOf(clientHello(0, 32), 40);

        assertFalse(PendingHandshakeLimit.startsHandshake(applicationData, 0, applicationData.length));
        assertFalse(PendingHandshakeLimit.startsHandshake(epochOne, 0, epochOne.length));
        assertFalse(PendingHandshakeLimit.startsHandshake(truncated, 0, truncated.length));
    }

    @Test
    void at_the_limit_a_cookie_hello_is_dropped_and_counted_and_a_first_hello_passes() {
        PendingHandshakeLimit limit = new PendingHandshakeLimit(1, null, counters);
        Object handshaker = new Object();
        assertTrue(limit.onReceiving(packet(clientHello(0, 32))));

        limit.started(handshaker);

        assertFalse(limit.onReceiving(packet(clientHello(0, 32))));
        assertTrue(limit.onReceiving(packet(clientHello(0, 0))));
        assertEquals(1, counters.snapshot().handshakesRefused());
        assertEquals(1, counters.snapshot().handshakesPending());

        limit.ended(handshaker);

        assertTrue(limit.onReceiving(packet(clientHello(0, 32))));
        assertEquals(0, limit.pending());
        assertEquals(0, counters.snapshot().handshakesPending());
    }

    @Test
    void a_handshaker_ends_once_however_often_it_is_reported() {
        PendingHandshakeLimit limit = new PendingHandshakeLimit(2, null, counters);
        Object established = new Object();
        Object other = new Object();
        limit.started(established);
        limit.started(other);

        // established, and later failed when its connection goes: Scandium may report both
        limit.ended(established);
        limit.ended(established);

        assertEquals(1, limit.pending());
        assertTrue(limit.onReceiving(packet(clientHello(0, 32))));
        limit.ended(other);
        assertEquals(0, limit.pending());
    }

    @Test
    void a_limit_of_zero_never_drops() {
        PendingHandshakeLimit limit = new PendingHandshakeLimit(0, null, counters);
        // held here: the limit holds handshakers weakly
        Object first = new Object();
        Object second = new Object();
        limit.started(first);
        limit.started(second);

        assertTrue(limit.onReceiving(packet(clientHello(0, 32))));
        assertEquals(2, limit.pending());
        limit.ended(first);
        limit.ended(second);
    }

    private static DatagramPacket packet(byte[] data) {
        return new DatagramPacket(data, data.length);
    }

    /** Record header, handshake header, version, random, session id, cookie, one cipher suite, no compression. */
    private static byte[] clientHello(int sessionIdLength, int cookieLength) {
        int body = 2 + 32 + 1 + sessionIdLength + 1 + cookieLength + 2 + 2 + 2;
        byte[] data = new byte[13 + 12 + body];
        data[0] = 22;
        data[1] = (byte) 0xfe;
        data[2] = (byte) 0xfd;
        data[13] = 1;
        int at = 13 + 12 + 2 + 32;
        data[at] = (byte) sessionIdLength;
        at += 1 + sessionIdLength;
        data[at] = (byte) cookieLength;
        return data;
    }
}
