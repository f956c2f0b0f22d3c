package io.manometer.harness.capture;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One reading of a capture: the exact payload the device sent and what became of it, so that a test (or a user)
 * can find that payload in the decrypted capture, and make sure it is nowhere in the encrypted bytes.
 *
 * @param seq the reading's sequence number
 * @param payload the JSON the device POSTed, byte for byte (ASCII)
 * @param outcome the response code ({@code 2.01}) or, without a response, why not
 * @param acknowledged whether the server stored it (2.01) or already had it (2.04)
 * @param retransmissions CoAP retransmissions of the request (RFC 7252 §4.2)
 */
public record Exchange(long seq, String payload, String outcome, boolean acknowledged, int retransmissions) {

    public Exchange {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(outcome, "outcome");
    }

    public byte[] payloadBytes() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }
}
