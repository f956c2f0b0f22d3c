package io.manometer.device.publish;

/**
 * The outcome of one CoAP request: the server answered (with any code), or no answer could be had. Counters are
 * included either way, because retransmissions are what loss studies are about.
 */
public sealed interface PublishResult {

    /** CoAP retransmissions of the request (RFC 7252 §4.2), not counting the first transmission. */
    int retransmissions();

    /** A response arrived. {@code acknowledged} means the server stored the reading (2.01) or already had it (2.04). */
    record Answered(String code, boolean acknowledged, String diagnostic, byte[] payload, int retransmissions,
            double rttMillis) implements PublishResult {
    }

    /** No response: handshake refused, timeout, or a local error. {@code reason} is one line for the user. */
    record Failed(String reason, FailureKind kind, int retransmissions) implements PublishResult {
    }

    /** Why nothing came back, so a CLI can choose its exit code. */
    enum FailureKind {
        HANDSHAKE_REJECTED,
        UNREACHABLE,
        TIMEOUT,
        LOCAL_ERROR
    }
}
