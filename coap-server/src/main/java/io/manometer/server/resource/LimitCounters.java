package io.manometer.server.resource;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * How often each resource limit refused something, so an operator can tell a limit that protects the server from
 * one that is set too low for the fleet. The DTLS endpoint counts its pending-handshake limit here too; the DTLS
 * connection limit is Scandium's and shows as failed handshakes in the server's other counters.
 */
public final class LimitCounters {

    /**
     * The counts at one moment, cumulative since the server was constructed.
     *
     * @param requestsRateLimited requests answered 4.29 Too Many Requests (RFC 8516)
     * @param payloadsTooLarge POSTs answered 4.13 Request Entity Too Large
     * @param observersNotRegistered Observe requests served once, without registering (the server-wide limit,
     *        RFC 7641 §4.1)
     * @param observersRefused Observe requests answered 5.03 because their device holds its maximum of observations
     * @param handshakesRefused ClientHellos with a cookie dropped while the pending-handshake limit was reached
     * @param handshakesPending handshakes in progress now, as the pending-handshake limit counts them
     */
    public record Snapshot(long requestsRateLimited, long payloadsTooLarge, long observersNotRegistered,
            long observersRefused, long handshakesRefused, int handshakesPending) {

        /** One line for a log or a report. */
        public String summary() {
            return String.format("limits hit: %d rate-limited (4.29), %d too large (4.13), %d observers not registered,"
                    + " %d observers refused (5.03), %d handshakes dropped (pending limit, %d in progress)",
                    requestsRateLimited, payloadsTooLarge, observersNotRegistered, observersRefused, handshakesRefused,
                    handshakesPending);
        }
    }

    private final LongAdder requestsRateLimited = new LongAdder();
    private final LongAdder payloadsTooLarge = new LongAdder();
    private final LongAdder observersNotRegistered = new LongAdder();
    private final LongAdder observersRefused = new LongAdder();
    private final LongAdder handshakesRefused = new LongAdder();
    private volatile IntSupplier handshakesPending = () -> 0;

    public Snapshot snapshot() {
        return new Snapshot(requestsRateLimited.sum(), payloadsTooLarge.sum(), observersNotRegistered.sum(),
                observersRefused.sum(), handshakesRefused.sum(), handshakesPending.getAsInt());
    }

    /** Where the DTLS endpoint's pending-handshake limit reports its count. */
    public void pendingHandshakesFrom(IntSupplier pending) {
        this.handshakesPending = pending;
    }

    /** A ClientHello was dropped because too many handshakes were in progress. */
    public void handshakeRefused() {
        handshakesRefused.increment();
    }

    void rateLimited() {
        requestsRateLimited.increment();
    }

    void payloadTooLarge() {
        payloadsTooLarge.increment();
    }

    void observerNotRegistered() {
        observersNotRegistered.increment();
    }

    void observerRefused() {
        observersRefused.increment();
    }
}
