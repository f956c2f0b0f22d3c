package io.manometer.device.fleet;

import java.util.Locale;

/**
 * Why a fleet request did not end with an acknowledged reading. Every failure is counted under exactly one cause,
 * so the summary's causes add up to its failure total.
 */
enum FailureCause {
    /** The DTLS handshake failed: refused, no answer to the ClientHello, or not finished in time. */
    HANDSHAKE,
    /** No CoAP response after the last retransmission (RFC 7252 §4.2), or the publisher's safety net fired. */
    TIMEOUT,
    /** The server answered 4.xx, or any other code that does not acknowledge the reading. */
    REJECTED_4XX,
    /** The server answered 5.xx. */
    REJECTED_5XX,
    /** Something on our side: no free message id, a socket error, a request that could not be built. */
    LOCAL,
    /** Still without an outcome when the drain time after the run ran out; cancelled, its fate unknown. */
    UNFINISHED,
    /** Never got to handshake: the ramp (at most --duration) ended first. Raise --duration or --concurrency. */
    NOT_CONNECTED;

    /** The key in summaries and JSON: {@code handshake}, {@code rejected_4xx}, ... */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
