package io.manometer.device.publish;

import io.manometer.device.publish.PublishResult.FailureKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link ReadingPublisher} went through since it started, the device's half of a loss experiment (the
 * server counts its own half): CoAP requests, their retransmissions (RFC 7252 §4.2) and outcomes, and DTLS
 * handshakes with their flight retransmissions (RFC 6347 §4.2.4). Values are cumulative; each is exact, but they
 * are read one after the other, so while requests are in flight they may disagree by those requests.
 *
 * @param requests requests sent through {@code publish}, {@code get} or {@code send} (observations not included)
 * @param answered requests that got a response, any code
 * @param acknowledged answered requests whose reading the server stored (2.01) or already had (2.04)
 * @param coapRetransmissions CoAP retransmissions of all requests, not counting first transmissions
 * @param failures requests that ended without a response, by kind; every kind is present, most with 0
 * @param handshakesStarted DTLS handshakes begun (full or resumption)
 * @param handshakesSucceeded handshakes completed
 * @param handshakesFailed handshakes failed: refused, timed out after the last flight, or aborted
 * @param dtlsFlightRetransmissions handshake flights sent again because the peer's answer did not come in time
 * @param recentHandshakes the most recent finished handshakes, up to 100, oldest first
 */
public record PublisherCounters(long requests, long answered, long acknowledged, long coapRetransmissions,
        Map<FailureKind, Long> failures, long handshakesStarted, long handshakesSucceeded, long handshakesFailed,
        long dtlsFlightRetransmissions, List<Handshake> recentHandshakes) {

    /** One finished handshake: how it ended, how long it took from ClientHello, and its flight retransmissions. */
    public record Handshake(boolean succeeded, double millis, int flightRetransmissions) {
    }

    public PublisherCounters {
        EnumMap<FailureKind, Long> all = new EnumMap<>(FailureKind.class);
        for (FailureKind kind : FailureKind.values()) {
            all.put(kind, failures.getOrDefault(kind, 0L));
        }
        failures = Collections.unmodifiableMap(all);
        recentHandshakes = List.copyOf(recentHandshakes);
    }

    /** Requests that got no response at all: CoAP gave up after MAX_RETRANSMIT, or the safety net fired. */
    public long timeouts() {
        return failures.get(FailureKind.TIMEOUT);
    }

    /** Requests that ended without a response, of any kind. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests sent whose outcome is not known yet. */
    public long inFlight() {
        return requests - answered - failed();
    }
}
