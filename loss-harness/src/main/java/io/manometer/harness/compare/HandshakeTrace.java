package io.manometer.harness.compare;

import io.manometer.harness.compare.DatagramLog.Datagram;
import io.manometer.harness.link.Direction;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one device's handshake put on the wire, read from the datagrams the link forwarded for it. A record counts
 * as handshake when it is a handshake or change_cipher_spec record, or the first record after a
 * change_cipher_spec in the same direction (the encrypted Finished, RFC 5246 §7.4.9); everything else that follows
 * is application data. So the count runs up to and including the server's Finished flight and never includes the
 * CoAP request, even when a record of it shares a datagram with the handshake.
 * <pre>
 *  up   ClientHello ─┐ flight   datagram: ≥1 handshake record     flights: runs of handshake datagrams
 *  down HVR          ┘          bytes: handshake records only              in one direction
 * </pre>
 *
 * @param datagramsUp device→server datagrams holding at least one handshake record
 * @param datagramsDown server→device datagrams holding at least one handshake record
 * @param flightsUp device→server flights (RFC 6347 §4.2.4)
 * @param flightsDown server→device flights
 * @param bytesUp UDP payload bytes of the device's handshake records
 * @param bytesDown UDP payload bytes of the server's handshake records
 * @param recordsUp device handshake records
 * @param recordsDown server handshake records
 * @param signatureSlack bytes to add to reach the size with every ECDSA signature at its mean DER length of 71
 *        bytes (in ServerKeyExchange, CertificateVerify and inside certificates); 0 for PSK modes
 * @param applicationUp wire lengths of the device's application records, in order (the first is the request)
 * @param applicationDown wire lengths of the server's application records (the first is the response)
 * @param messages the clear handshake messages in wire order, with their direction
 * @param flightBytes handshake bytes of each flight in order, the device's first
 * @param parts the normalised handshake bytes by what they carry, in order of first appearance: each message type
 *        (handshake header included), {@value #RECORD_HEADERS}, {@value #CHANGE_CIPHER_SPEC}, {@value #FINISHED};
 *        they add up to {@link #normalisedBytes()}
 */
public record HandshakeTrace(int datagramsUp, int datagramsDown, int flightsUp, int flightsDown, int bytesUp,
        int bytesDown, int recordsUp, int recordsDown, int signatureSlack, List<Integer> applicationUp,
        List<Integer> applicationDown, List<Sent> messages, List<Integer> flightBytes, Map<String, Integer> parts) {

    /** Part name of the 13-byte record headers (and the connection ids in them, RFC 9146 §4). */
    public static final String RECORD_HEADERS = "record headers";
    /** Part name of the one-byte change_cipher_spec messages. */
    public static final String CHANGE_CIPHER_SPEC = "ChangeCipherSpec";
    /** Part name of the encrypted Finished messages: nonce, handshake header, verify_data, tag. */
    public static final String FINISHED = "Finished (encrypted)";

    /**
     * The mean DER length of an ECDSA P-256 signature: 70 to 72 bytes, as each integer needs a leading zero when its
     * top bit is set; the IETF comparison counts the same mean.
     */
    public static final int TYPICAL_SIGNATURE = 71;
    /** IPv4 (20) and UDP (8) headers of one datagram. */
    public static final int IPV4_UDP_HEADERS = 28;

    /** One clear handshake message and who sent it. */
    public record Sent(Direction direction, HandshakeMessage message) {
    }

    public HandshakeTrace {
        applicationUp = List.copyOf(applicationUp);
        applicationDown = List.copyOf(applicationDown);
        messages = List.copyOf(messages);
        flightBytes = List.copyOf(flightBytes);
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /**
     * Reads the trace.
     *
     * @param cidUp length of the connection id in records to the server (the server's CID, 0 without)
     * @param cidDown length of the connection id in records to the device
     */
    public static HandshakeTrace of(List<Datagram> datagrams, int cidUp, int cidDown) {
        Builder builder = new Builder();
        for (Datagram datagram : datagrams) {
            boolean up = datagram.direction() == Direction.UP;
            builder.datagram(up, DtlsRecord.parse(datagram.payload(), up ? cidUp : cidDown));
        }
        return builder.build();
    }

    public int datagrams() {
        return datagramsUp + datagramsDown;
    }

    public int flights() {
        return flightsUp + flightsDown;
    }

    /** UDP payload bytes of the handshake, both ways. */
    public int handshakeBytes() {
        return bytesUp + bytesDown;
    }

    /** The handshake with IPv4 and UDP headers on every datagram. */
    public int handshakeBytesWithHeaders() {
        return handshakeBytes() + IPV4_UDP_HEADERS * datagrams();
    }

    /** The handshake size with every ECDSA signature counted at 71 bytes, the same for every run of a setup. */
    public int normalisedBytes() {
        return handshakeBytes() + signatureSlack;
    }

    /** Accumulates one trace, datagram by datagram. */
    private static final class Builder {
        private final int[] datagrams = new int[2];
        private final int[] flights = new int[2];
        private final int[] bytes = new int[2];
        private final int[] records = new int[2];
        private final boolean[] finishedNext = new boolean[2];
        private final List<Integer> applicationUp = new ArrayList<>();
        private final List<Integer> applicationDown = new ArrayList<>();
        private final List<Sent> messages = new ArrayList<>();
        private final Map<String, Integer> parts = new LinkedHashMap<>();
        private final List<Integer> flightBytes = new ArrayList<>();
        private int lastFlight = -1;
        private int slack;

        void datagram(boolean up, List<DtlsRecord> parsed) {
            int side = up ? 0 : 1;
            boolean handshake = false;
            int handshakeBytes = 0;
            for (DtlsRecord record : parsed) {
                if (isHandshake(record, side)) {
                    handshake = true;
                    handshakeBytes += record.wireLength();
                    bytes[side] += record.wireLength();
                    records[side]++;
                    parts.merge(RECORD_HEADERS, record.wireLength() - record.fragment().length, Integer::sum);
                    if (record.type() == DtlsRecord.CHANGE_CIPHER_SPEC) {
                        parts.merge(CHANGE_CIPHER_SPEC, record.fragment().length, Integer::sum);
                    } else if (record.epoch() > 0) {
                        parts.merge(FINISHED, record.fragment().length, Integer::sum);
                    }
                    for (HandshakeMessage message : record.messages()) {
                        messages.add(new Sent(up ? Direction.UP : Direction.DOWN, message));
                        int messageSlack = slack(message);
                        parts.merge(message.name(), message.wireLength() + messageSlack, Integer::sum);
                        slack += messageSlack;
                    }
                } else if (record.type() != DtlsRecord.ALERT) {
                    (up ? applicationUp : applicationDown).add(record.wireLength());
                }
            }
            if (handshake) {
                datagrams[side]++;
                if (lastFlight != side) {
                    flights[side]++;
                    lastFlight = side;
                    flightBytes.add(0);
                }
                flightBytes.set(flightBytes.size() - 1, flightBytes.get(flightBytes.size() - 1) + handshakeBytes);
            }
        }

        private boolean isHandshake(DtlsRecord record, int side) {
            if (record.type() == DtlsRecord.CHANGE_CIPHER_SPEC) {
                finishedNext[side] = true;
                return true;
            }
            if (finishedNext[side] && record.epoch() > 0) {
                finishedNext[side] = false;
                return true;
            }
            return record.type() == DtlsRecord.HANDSHAKE && record.epoch() == 0;
        }

        HandshakeTrace build() {
            return new HandshakeTrace(datagrams[0], datagrams[1], flights[0], flights[1], bytes[0], bytes[1],
                    records[0], records[1], slack, applicationUp, applicationDown, messages, flightBytes, parts);
        }
    }

    private static int slack(HandshakeMessage message) {
        int total = message.signatureLength().map(length -> TYPICAL_SIGNATURE - length).orElse(0);
        for (byte[] der : message.certificates()) {
            total += certificateSignatureSlack(der);
        }
        return total;
    }

    /** 71 minus the DER length of the certificate's ECDSA signature; 0 for what is not an X.509 certificate. */
    static int certificateSignatureSlack(byte[] der) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            return certificate.getSigAlgName().contains("ECDSA") ? TYPICAL_SIGNATURE - certificate.getSignature().length
                    : 0;
        } catch (CertificateException e) {
            return 0; // a raw public key (RFC 7250): no signature inside
        }
    }
}
