package io.manometer.device.publish;

import java.util.List;

/**
 * What a device learnt about its DTLS session, the counterpart of Python's {@code ssock.version()},
 * {@code cipher()} and {@code getpeercert()}: protocol, cipher suite, who the server proved to be, and how the
 * handshake went.
 */
public record SessionInfo(String protocol, String cipherSuite, List<String> serverIdentity, double handshakeMillis,
        int flightRetransmissions, boolean connectionId) {

    public SessionInfo {
        serverIdentity = List.copyOf(serverIdentity);
    }
}
