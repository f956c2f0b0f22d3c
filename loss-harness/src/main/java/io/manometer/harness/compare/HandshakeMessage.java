package io.manometer.harness.compare;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One handshake message (or fragment of one) read from a clear handshake record, with its 12-byte DTLS handshake
 * header (RFC 6347 §4.2.2). It knows just enough of the message bodies of RFC 5246 §7.4 to explain sizes: the
 * extensions of a hello, the certificates in a Certificate message and the length of ECDSA signatures, which vary
 * from handshake to handshake.
 * <pre>
 *  msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3) body(fragment_length)
 * </pre>
 *
 * @param type handshake type, e.g. 1 client_hello, 11 certificate, 20 finished
 * @param length the whole message's body length
 * @param fragmentOffset where this fragment starts in the body
 * @param body this fragment of the body
 */
public record HandshakeMessage(int type, int length, int fragmentOffset, byte[] body) {

    public static final int HEADER = 12;
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;
    public static final int HELLO_VERIFY_REQUEST = 3;
    public static final int CERTIFICATE = 11;
    public static final int SERVER_KEY_EXCHANGE = 12;
    public static final int CERTIFICATE_REQUEST = 13;
    public static final int SERVER_HELLO_DONE = 14;
    public static final int CERTIFICATE_VERIFY = 15;
    public static final int CLIENT_KEY_EXCHANGE = 16;
    /** ClientHello: version(2) random(32); ServerHello the same. */
    private static final int HELLO_FIXED = 34;

    /** One extension of a hello (RFC 5246 §7.4.1.4): its type and its size on the wire, type and length included. */
    public record Extension(int type, int wireLength) {
    }

    static List<HandshakeMessage> parse(byte[] fragment) {
        ByteBuffer in = ByteBuffer.wrap(fragment);
        List<HandshakeMessage> messages = new ArrayList<>();
        while (in.remaining() >= HEADER) {
            int type = in.get() & 0xff;
            int length = uint24(in);
            in.getShort(); // message_seq
            int offset = uint24(in);
            int fragmentLength = uint24(in);
            if (in.remaining() < fragmentLength) {
                throw new IllegalArgumentException("handshake fragment exceeds its record");
            }
            byte[] body = new byte[fragmentLength];
            in.get(body);
            messages.add(new HandshakeMessage(type, length, offset, body));
        }
        return messages;
    }

    /** Bytes of this fragment in its record: header and body. */
    public int wireLength() {
        return HEADER + body.length;
    }

    /** True when this is a whole message, not a fragment of one (RFC 6347 §4.2.3). */
    public boolean complete() {
        return fragmentOffset == 0 && body.length == length;
    }

    /** The RFC 5246 name of the message, e.g. {@code ClientHello}. */
    public String name() {
        return name(type);
    }

    public static String name(int type) {
        return switch (type) {
            case CLIENT_HELLO -> "ClientHello";
            case SERVER_HELLO -> "ServerHello";
            case HELLO_VERIFY_REQUEST -> "HelloVerifyRequest";
            case CERTIFICATE -> "Certificate";
            case SERVER_KEY_EXCHANGE -> "ServerKeyExchange";
            case CERTIFICATE_REQUEST -> "CertificateRequest";
            case SERVER_HELLO_DONE -> "ServerHelloDone";
            case CERTIFICATE_VERIFY -> "CertificateVerify";
            case CLIENT_KEY_EXCHANGE -> "ClientKeyExchange";
            case 20 -> "Finished";
            default -> "handshake(" + type + ")";
        };
    }

    /** Session id length of a complete hello; empty for other messages. */
    public Optional<Integer> sessionIdLength() {
        if (!complete() || (type != CLIENT_HELLO && type != SERVER_HELLO)) {
            return Optional.empty();
        }
        return Optional.of(body[HELLO_FIXED] & 0xff);
    }

    /** Cookie length of a complete ClientHello (RFC 6347 §4.2.1); empty for other messages. */
    public Optional<Integer> cookieLength() {
        if (!complete() || type != CLIENT_HELLO) {
            return Optional.empty();
        }
        return Optional.of(body[HELLO_FIXED + 1 + (body[HELLO_FIXED] & 0xff)] & 0xff);
    }

    /** Cipher suites a complete ClientHello offers, signalling values such as the renegotiation SCSV included. */
    public Optional<Integer> cipherSuiteCount() {
        if (!complete() || type != CLIENT_HELLO) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        in.position(HELLO_FIXED);
        skip8(in);
        skip8(in);
        return Optional.of((in.getShort() & 0xffff) / 2);
    }

    /** The RFC name of an extension type, e.g. {@code supported_groups}. */
    public static String extensionName(int type) {
        return switch (type) {
            case 0 -> "server_name";
            case 1 -> "max_fragment_length";
            case 10 -> "supported_groups";
            case 11 -> "ec_point_formats";
            case 13 -> "signature_algorithms";
            case 19 -> "client_certificate_type";
            case 20 -> "server_certificate_type";
            case 23 -> "extended_master_secret";
            case 28 -> "record_size_limit";
            case 54 -> "connection_id";
            case 65281 -> "renegotiation_info";
            default -> "extension(" + type + ")";
        };
    }

    /** The extensions of a complete hello, in wire order; empty for other messages and hellos without any. */
    public List<Extension> extensions() {
        if (!complete() || (type != CLIENT_HELLO && type != SERVER_HELLO)) {
            return List.of();
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        in.position(HELLO_FIXED);
        skip8(in); // session id
        if (type == CLIENT_HELLO) {
            skip8(in); // cookie
            int suites = in.getShort() & 0xffff;
            in.position(in.position() + suites);
            skip8(in); // compression methods
        } else {
            in.position(in.position() + 3); // cipher suite, compression method
        }
        List<Extension> extensions = new ArrayList<>();
        if (in.remaining() < 2) {
            return extensions;
        }
        int end = in.position() + 2 + (in.getShort() & 0xffff);
        while (in.position() + 4 <= end) {
            int extensionType = in.getShort() & 0xffff;
            int length = in.getShort() & 0xffff;
            in.position(in.position() + length);
            extensions.add(new Extension(extensionType, 4 + length));
        }
        return extensions;
    }

    /** The DER certificates in a complete X.509 Certificate message (RFC 5246 §7.4.2), the sender's first. */
    public List<byte[]> certificates() {
        List<byte[]> certificates = new ArrayList<>();
        if (!complete() || type != CERTIFICATE || body.length < 3) {
            return certificates;
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        int end = Math.min(body.length, 3 + uint24(in));
        while (in.position() + 3 <= end) {
            int length = uint24(in);
            if (in.position() + length > end) {
                break;
            }
            byte[] certificate = new byte[length];
            in.get(certificate);
            certificates.add(certificate);
        }
        return certificates;
    }

    /**
     * The DER length of the ECDSA signature in a complete, signed ServerKeyExchange (RFC 8422 §5.4) or a
     * CertificateVerify (RFC 5246 §7.4.8); empty for other messages and for the unsigned ECDHE-PSK
     * ServerKeyExchange (RFC 5489 §2).
     */
    public Optional<Integer> signatureLength() {
        if (!complete()) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        if (type == SERVER_KEY_EXCHANGE) {
            if (body.length < 4 || body[0] != 3) {
                return Optional.empty(); // not named_curve ECDHE params first: the ECDHE-PSK form starts with a hint
            }
            in.position(3);
            in.position(in.position() + 1 + (in.get() & 0xff)); // the ECDH point
            if (in.remaining() < 4) {
                return Optional.empty();
            }
        } else if (type != CERTIFICATE_VERIFY) {
            return Optional.empty();
        }
        in.getShort(); // SignatureAndHashAlgorithm
        return Optional.of(in.getShort() & 0xffff);
    }

    private static int uint24(ByteBuffer in) {
        return ((in.get() & 0xff) << 16) | ((in.get() & 0xff) << 8) | (in.get() & 0xff);
    }

    private static void skip8(ByteBuffer in) {
        in.position(in.position() + 1 + (in.get() & 0xff));
    }
}
