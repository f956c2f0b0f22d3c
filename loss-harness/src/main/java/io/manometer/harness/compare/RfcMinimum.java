package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The smallest DTLS 1.2 handshake each mode allows, derived from the message formats, so measured bytes have a
 * floor to be compared with: RFC 6347 §4.1 (13-byte record header) and §4.2.2 (12-byte handshake header), RFC 5246
 * §7.4 (hello, certificate, key exchange, verify and finished bodies), RFC 4279 §2 and RFC 5489 §2 (PSK and
 * ECDHE-PSK key exchange), RFC 8422 §5 (ECDHE parameters, P-256 points of 65 bytes), RFC 7250 §3 (raw public keys:
 * a 91-byte SubjectPublicKeyInfo) and RFC 6655 (AES-CCM_8: 8-byte explicit nonce and tag). The same assumptions as
 * the IETF comparison (draft-ietf-iotops-security-protocol-comparison): one cipher suite offered, P-256 and
 * ECDSA-SHA256 only, only the extensions a mode cannot do without, as many handshake messages per record as the
 * format allows (one record per flight and epoch), no connection id, ECDSA signatures at their mean DER length of
 * 71 bytes; with or without the HelloVerifyRequest exchange of RFC 6347 §4.2.1 and a 32-byte cookie.
 */
public final class RfcMinimum {

    /** An HMAC-SHA256 cookie, as Scandium makes it; RFC 6347 §4.2.1 allows up to 255 bytes. */
    public static final int COOKIE = 32;
    /** RFC 6347 §4.1: type, version, epoch, sequence number, length. */
    static final int RECORD = 13;
    /** RFC 6347 §4.2.2: type, length, message_seq, fragment_offset, fragment_length. */
    static final int HANDSHAKE = 12;
    /** Encrypted Finished fragment: explicit nonce 8, handshake header 12, verify_data 12, CCM_8 tag 8. */
    static final int FINISHED = 8 + HANDSHAKE + 12 + 8;
    /** named_curve ECParameters (1 + 2) and an uncompressed P-256 point with its length byte (1 + 65). */
    static final int ECDH_PARAMS = 3 + 1 + 65;
    /** SignatureAndHashAlgorithm, signature length, DER signature. */
    static final int SIGNATURE = 2 + 2 + HandshakeTrace.TYPICAL_SIGNATURE;
    /** A P-256 SubjectPublicKeyInfo (RFC 7250 §3, RFC 5480). */
    static final int RAW_PUBLIC_KEY = 91;
    /** Extensions: supported_groups {secp256r1}, signature_algorithms {ecdsa_secp256r1_sha256}. */
    static final int GROUPS = 8;
    static final int SIGNATURE_ALGORITHMS = 8;
    /** client_ and server_certificate_type (RFC 7250 §3): a one-entry list in ClientHello, one type in ServerHello. */
    static final int CERTIFICATE_TYPE_OFFER = 6;
    static final int CERTIFICATE_TYPE_ANSWER = 5;

    /** One line of the derivation: who sends what in which flight, and its bytes on the wire. */
    public record Line(int flight, boolean fromDevice, String part, int bytes, String derivation) {
    }

    /**
     * What the minimum depends on besides the mode.
     *
     * @param identityLength bytes of the PSK identity
     * @param serverCertificates DER lengths of the certificates the server sends (its chain without the root)
     * @param deviceCertificates DER lengths of the certificates the device sends
     */
    public record Inputs(int identityLength, List<Integer> serverCertificates, List<Integer> deviceCertificates) {
        public Inputs {
            serverCertificates = List.copyOf(serverCertificates);
            deviceCertificates = List.copyOf(deviceCertificates);
        }
    }

    /** The minimal handshake of one mode, line by line. */
    public record Handshake(CredentialMode mode, boolean helloVerify, List<Line> lines) {
        public Handshake {
            Objects.requireNonNull(mode, "mode");
            lines = List.copyOf(lines);
        }

        public int total() {
            return lines.stream().mapToInt(Line::bytes).sum();
        }

        public int bytesUp() {
            return lines.stream().filter(Line::fromDevice).mapToInt(Line::bytes).sum();
        }

        public int bytesDown() {
            return total() - bytesUp();
        }

        public int flights() {
            return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).flight();
        }

        /** Bytes by part, with the part names of {@link HandshakeTrace#parts()}. */
        public Map<String, Integer> parts() {
            Map<String, Integer> parts = new LinkedHashMap<>();
            lines.forEach(line -> parts.merge(line.part(), line.bytes(), Integer::sum));
            return parts;
        }
    }

    private RfcMinimum() {
    }

    public static Handshake of(CredentialMode mode, boolean helloVerify, Inputs inputs) {
        List<Line> lines = new ArrayList<>();
        int flight = 1;
        if (helloVerify) {
            record(lines, flight++, true, List.of(clientHello(mode, 0)));
            record(lines, flight++, false, List.of(new Line(0, false, "HelloVerifyRequest", HANDSHAKE + 2 + 1 + COOKIE,
                    "12 + version 2 + cookie 1+" + COOKIE)));
        }
        record(lines, flight++, true, List.of(clientHello(mode, helloVerify ? COOKIE : 0)));
        record(lines, flight++, false, serverFlight(mode, inputs));
        record(lines, flight, true, clientFlight(mode, inputs));
        finished(lines, flight++, true);
        finished(lines, flight, false);
        return new Handshake(mode, helloVerify, lines);
    }

    private static Line clientHello(CredentialMode mode, int cookie) {
        int extensions = switch (mode) {
            case PSK -> 0;
            case ECDHE_PSK -> GROUPS;
            case RPK -> GROUPS + SIGNATURE_ALGORITHMS + 2 * CERTIFICATE_TYPE_OFFER;
            case X509 -> GROUPS + SIGNATURE_ALGORITHMS;
        };
        int body = 2 + 32 + 1 + 1 + cookie + 2 + 2 + 1 + 1 + (extensions > 0 ? 2 + extensions : 0);
        return new Line(0, true, "ClientHello", HANDSHAKE + body, "12 + version 2 + random 32 + session id 1 + cookie 1"
                + (cookie > 0 ? "+" + cookie : "") + " + one suite 2+2 + null compression 1+1"
                + (extensions > 0 ? " + extensions 2+" + extensions + " (" + clientExtensions(mode) + ")" : ""));
    }

    private static String clientExtensions(CredentialMode mode) {
        return switch (mode) {
            case PSK -> "";
            case ECDHE_PSK -> "supported_groups 8";
            case RPK -> "supported_groups 8, signature_algorithms 8, client/server_certificate_type 6+6";
            case X509 -> "supported_groups 8, signature_algorithms 8";
        };
    }

    private static List<Line> serverFlight(CredentialMode mode, Inputs inputs) {
        List<Line> lines = new ArrayList<>();
        boolean rpk = mode == CredentialMode.RPK;
        int helloExtensions = rpk ? 2 + 2 * CERTIFICATE_TYPE_ANSWER : 0;
        lines.add(new Line(0, false, "ServerHello", HANDSHAKE + 38 + helloExtensions,
                "12 + version 2 + random 32 + empty session id 1 + suite 2 + compression 1"
                        + (rpk ? " + extensions 2+5+5 (certificate types)" : "")));
        if (!mode.usesPsk()) {
            lines.add(certificate(false, rpk, inputs.serverCertificates()));
        }
        switch (mode) {
            case ECDHE_PSK -> lines.add(new Line(0, false, "ServerKeyExchange", HANDSHAKE + 2 + ECDH_PARAMS,
                    "12 + empty identity hint 2 + named curve 3 + point 1+65"));
            case RPK, X509 -> lines.add(new Line(0, false, "ServerKeyExchange", HANDSHAKE + ECDH_PARAMS + SIGNATURE,
                    "12 + named curve 3 + point 1+65 + signature 2+2+71"));
            default -> {
            }
        }
        if (!mode.usesPsk()) {
            lines.add(new Line(0, false, "CertificateRequest", HANDSHAKE + 8,
                    "12 + types 1+1 + signature algorithms 2+2 + no CA names 2"));
        }
        lines.add(new Line(0, false, "ServerHelloDone", HANDSHAKE, "12, empty body"));
        return lines;
    }

    private static List<Line> clientFlight(CredentialMode mode, Inputs inputs) {
        List<Line> lines = new ArrayList<>();
        boolean rpk = mode == CredentialMode.RPK;
        if (!mode.usesPsk()) {
            lines.add(certificate(true, rpk, inputs.deviceCertificates()));
        }
        int identity = inputs.identityLength();
        lines.add(switch (mode) {
            case PSK -> new Line(0, true, "ClientKeyExchange", HANDSHAKE + 2 + identity,
                    "12 + identity 2+" + identity);
            case ECDHE_PSK -> new Line(0, true, "ClientKeyExchange", HANDSHAKE + 2 + identity + 1 + 65,
                    "12 + identity 2+" + identity + " + point 1+65");
            case RPK, X509 -> new Line(0, true, "ClientKeyExchange", HANDSHAKE + 1 + 65, "12 + point 1+65");
        });
        if (!mode.usesPsk()) {
            lines.add(new Line(0, true, "CertificateVerify", HANDSHAKE + SIGNATURE, "12 + signature 2+2+71"));
        }
        return lines;
    }

    private static Line certificate(boolean fromDevice, boolean rpk, List<Integer> chain) {
        if (rpk) {
            return new Line(0, fromDevice, "Certificate", HANDSHAKE + 3 + RAW_PUBLIC_KEY,
                    "12 + length 3 + SubjectPublicKeyInfo 91");
        }
        int body = 3 + chain.stream().mapToInt(length -> 3 + length).sum();
        StringBuilder derivation = new StringBuilder("12 + length 3");
        chain.forEach(length -> derivation.append(" + certificate 3+").append(length));
        return new Line(0, fromDevice, "Certificate", HANDSHAKE + body, derivation.toString());
    }

    /** Adds one flight's handshake messages, all in one record. */
    private static void record(List<Line> lines, int flight, boolean fromDevice, List<Line> messages) {
        lines.add(new Line(flight, fromDevice, HandshakeTrace.RECORD_HEADERS, RECORD, "record header 13"));
        messages.forEach(m -> lines.add(new Line(flight, fromDevice, m.part(), m.bytes(), m.derivation())));
    }

    /** ChangeCipherSpec and the encrypted Finished: a record each, as their content types differ. */
    private static void finished(List<Line> lines, int flight, boolean fromDevice) {
        lines.add(new Line(flight, fromDevice, HandshakeTrace.RECORD_HEADERS, RECORD, "record header 13"));
        lines.add(new Line(flight, fromDevice, HandshakeTrace.CHANGE_CIPHER_SPEC, 1, "one byte"));
        lines.add(new Line(flight, fromDevice, HandshakeTrace.RECORD_HEADERS, RECORD, "record header 13"));
        lines.add(new Line(flight, fromDevice, HandshakeTrace.FINISHED, FINISHED,
                "nonce 8 + 12 + verify_data 12 + CCM_8 tag 8"));
    }
}
