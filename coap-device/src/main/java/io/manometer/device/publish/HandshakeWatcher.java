package io.manometer.device.publish;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;

/**
 * Observes the device's DTLS handshakes: how long the last one took and how many flights were retransmitted,
 * numbers the RTT of a CoAP exchange does not show.
 */
final class HandshakeWatcher extends SessionAdapter {

    private final AtomicLong startedNanos = new AtomicLong();
    private final AtomicLong durationNanos = new AtomicLong(-1);
    private final AtomicInteger flightRetransmissions = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();

    @Override
    public void handshakeStarted(Handshaker handshaker) {
        startedNanos.set(System.nanoTime());
    }

    @Override
    public void handshakeCompleted(Handshaker handshaker) {
        durationNanos.set(System.nanoTime() - startedNanos.get());
        handshakes.incrementAndGet();
    }

    @Override
    public void handshakeFlightRetransmitted(Handshaker handshaker, int flight) {
        flightRetransmissions.incrementAndGet();
    }

    double lastHandshakeMillis() {
        long nanos = durationNanos.get();
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    int flightRetransmissions() {
        return flightRetransmissions.get();
    }

    int handshakes() {
        return handshakes.get();
    }
}
