package io.manometer.device.publish;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.protocol.DeviceId;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.DtlsHandshakeTimeoutException;
import org.eclipse.californium.scandium.dtls.HandshakeException;

/**
 * Turns what Scandium reports about a failed handshake into one line that says what to fix, e.g.
 * {@code handshake failed: server rejected PSK identity 'dev-2'}. A DTLS 1.2 server silently drops a Finished it
 * cannot decrypt (RFC 6347 §4.1.2.7), so a wrong PSK shows up as our last flight timing out, not as an alert.
 */
final class FailureExplainer {

    /** Flights 1 and 3 are ClientHellos: no answer to them means nobody is listening (RFC 6347 §4.2.4). */
    private static final int LAST_HELLO_FLIGHT = 3;

    private final CredentialMode mode;
    private final DeviceId device;
    private final String server;

    FailureExplainer(CredentialMode mode, DeviceId device, String server) {
        this.mode = mode;
        this.device = device;
        this.server = server;
    }

    PublishResult.Failed explain(Throwable error, int retransmissions) {
        Throwable cause = error;
        while (cause != null) {
            if (cause instanceof HandshakeException handshake) {
                return handshake(handshake, retransmissions);
            }
            if (cause instanceof DtlsHandshakeTimeoutException timeout) {
                return timeout(timeout, retransmissions);
            }
            cause = cause.getCause();
        }
        return new PublishResult.Failed("request to " + server + " failed: " + error.getMessage(),
                FailureKind.LOCAL_ERROR, retransmissions);
    }

    private PublishResult.Failed handshake(HandshakeException e, int retransmissions) {
        AlertMessage alert = e.getAlert();
        boolean received = e.getMessage() != null && e.getMessage().startsWith("Received");
        if (!received) {
            return new PublishResult.Failed("handshake failed: we rejected the server: " + e.getMessage(),
                    FailureKind.HANDSHAKE_REJECTED, retransmissions);
        }
        AlertDescription description = alert == null ? null : alert.getDescription();
        String reason;
        if (description == AlertDescription.UNKNOWN_PSK_IDENTITY) {
            reason = "server rejected PSK identity '" + device + "'";
        } else if (mode.usesPsk() && (description == AlertDescription.DECRYPT_ERROR
                || description == AlertDescription.BAD_RECORD_MAC)) {
            reason = "server rejected the PSK of '" + device + "' (wrong key)";
        } else if (description == AlertDescription.CERTIFICATE_EXPIRED) {
            reason = "server rejected our certificate: it has expired";
        } else if (description == AlertDescription.BAD_CERTIFICATE || description == AlertDescription.UNKNOWN_CA
                || description == AlertDescription.CERTIFICATE_UNKNOWN
                || description == AlertDescription.UNSUPPORTED_CERTIFICATE
                || description == AlertDescription.ACCESS_DENIED) {
            reason = "server rejected our " + (mode == CredentialMode.RPK ? "raw public key" : "certificate")
                    + " (" + description.name().toLowerCase() + ")";
        } else if (description == AlertDescription.HANDSHAKE_FAILURE
                || description == AlertDescription.INSUFFICIENT_SECURITY) {
            reason = "server refused the handshake (" + description.name().toLowerCase()
                    + "): it may not accept mode " + mode + " or the offered cipher suite";
        } else {
            reason = "server sent alert " + (description == null ? "?" : description.name().toLowerCase());
        }
        return new PublishResult.Failed("handshake failed: " + reason, FailureKind.HANDSHAKE_REJECTED,
                retransmissions);
    }

    private PublishResult.Failed timeout(DtlsHandshakeTimeoutException e, int retransmissions) {
        if (e.getFlightNumber() <= LAST_HELLO_FLIGHT) {
            return new PublishResult.Failed("handshake failed: no DTLS answer from " + server
                    + " (server down, wrong port, or datagrams dropped)", FailureKind.UNREACHABLE, retransmissions);
        }
        // Californium servers drop an unknown identity and a wrong key alike, without an alert (by design)
        String hint = mode.usesPsk() ? "server did not accept PSK identity '" + device + "' or its key (check "
                + "devices/" + device + ".psk on both sides)" : "server did not accept our last flight";
        return new PublishResult.Failed("handshake failed: " + hint, FailureKind.HANDSHAKE_REJECTED,
                retransmissions);
    }
}
