package io.manometer.device.publish;

import io.manometer.device.publish.PublisherCounters.Handshake;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;

/**
 * Observes the device's DTLS handshakes: how many started, succeeded and failed, how long each took and how many
 * of its flights were retransmitted (RFC 6347 §4.2.4), numbers the RTT of a CoAP exchange does not show. The
 * Scandium callbacks only forward to methods keyed by any object, so the bookkeeping is testable without a
 * handshake.
 */
final class HandshakeWatcher extends SessionAdapter {

    /** Finished handshakes kept for {@link PublisherCounters#recentHandshakes()}; older ones are only counted. */
    static final int RECENT = 100;

    /** A handshake in progress. */
    private static final class Attempt {
        private final long startNanos;
        private final AtomicInteger flightRetransmissions = new AtomicInteger();

        private Attempt(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    private final LongSupplier nanoTime;
    private final Map<Object, Attempt> ongoing = new ConcurrentHashMap<>();
    private final Deque<Handshake> recent = new ArrayDeque<>();
    private final LongAdder started = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder flightRetransmissions = new LongAdder();
    private volatile double lastMillis = -1;

    HandshakeWatcher() {
        this(System::nanoTime);
    }

    HandshakeWatcher(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public void handshakeStarted(Handshaker handshaker) {
        started(handshaker);
    }

    @Override
    public void handshakeCompleted(Handshaker handshaker) {
        ended(handshaker, true);
    }

    @Override
    public void handshakeFailed(Handshaker handshaker, Throwable error) {
        ended(handshaker, false);
    }

    @Override
    public void handshakeFlightRetransmitted(Handshaker handshaker, int flight) {
        flightRetransmitted(handshaker);
    }

    void started(Object handshake) {
        started.increment();
        ongoing.put(handshake, new Attempt(nanoTime.getAsLong()));
    }

    void flightRetransmitted(Object handshake) {
        flightRetransmissions.increment();
        Attempt attempt = ongoing.get(handshake);
        if (attempt != null) {
            attempt.flightRetransmissions.incrementAndGet();
        }
    }

    /** Counts each started handshake once, even if Scandium reports a failure after its completion. */
    void ended(Object handshake, boolean success) {
        Attempt attempt = ongoing.remove(handshake);
        if (attempt == null) {
            return;
        }
        (success ? succeeded : failed).increment();
        double millis = (nanoTime.getAsLong() - attempt.startNanos) / 1e6;
        if (success) {
            lastMillis = millis;
        }
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(new Handshake(success, millis, attempt.flightRetransmissions.get()));
        }
    }

    /** Duration of the last successful handshake in ms; -1 before the first. */
    double lastHandshakeMillis() {
        return lastMillis;
    }

    int flightRetransmissions() {
        return flightRetransmissions.intValue();
    }

    /** Handshakes completed. */
    int handshakes() {
        return succeeded.intValue();
    }

    long started() {
        return started.sum();
    }

    long succeeded() {
        return succeeded.sum();
    }

    long failed() {
        return failed.sum();
    }

    long totalFlightRetransmissions() {
        return flightRetransmissions.sum();
    }

    List<Handshake> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
