package io.manometer.harness.fuzz;

/**
 * Byte offsets of the DTLS 1.2 record and handshake headers (RFC 6347 §4.1, §4.2.2; RFC 9146 §4 for records that
 * carry a connection id), so the fuzzer can aim a mutation at one field instead of flipping bits blindly.
 * <pre>
 *  record:    type(1) version(2) epoch(2) sequence_number(6) [cid(n) if type 25] length(2) fragment
 *  handshake: msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3) body
 * </pre>
 */
final class DtlsBytes {

    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    /** {@code tls12_cid}, RFC 9146 §4. */
    static final int TLS12_CID = 25;
    static final int HELLO_VERIFY_REQUEST = 3;

    static final int RECORD_HEADER = 13;
    static final int VERSION = 1;
    static final int EPOCH = 3;
    static final int SEQUENCE = 5;
    static final int LENGTH = 11;
    static final int HANDSHAKE_HEADER = 12;
    /** The ClientHello's 32-byte random follows its 2-byte client_version (RFC 6347 §4.2.1). */
    static final int CLIENT_HELLO_RANDOM = RECORD_HEADER + HANDSHAKE_HEADER + 2;

    private DtlsBytes() {
    }

    static int type(byte[] datagram) {
        return datagram.length == 0 ? -1 : datagram[0] & 0xff;
    }

    /** Whether the datagram starts with a HelloVerifyRequest record: the server's stateless answer (§4.2.1). */
    static boolean isHelloVerifyRequest(byte[] datagram) {
        return datagram.length > RECORD_HEADER && type(datagram) == HANDSHAKE
                && (datagram[RECORD_HEADER] & 0xff) == HELLO_VERIFY_REQUEST;
    }

    /** Whether the datagram starts with a plaintext ClientHello (epoch 0, handshake type 1). */
    static boolean isClientHello(byte[] datagram) {
        return datagram.length > CLIENT_HELLO_RANDOM + 32 && type(datagram) == HANDSHAKE
                && uint(datagram, EPOCH, 2) == 0 && (datagram[RECORD_HEADER] & 0xff) == 1;
    }

    /**
     * The connection id length of a {@code tls12_cid} record that is alone in its datagram: the n for which the
     * length field after the id matches the rest of the datagram; -1 if none does.
     */
    static int cidLength(byte[] datagram) {
        if (type(datagram) != TLS12_CID) {
            return -1;
        }
        for (int n = 0; n <= 255 && LENGTH + n + 2 <= datagram.length; n++) {
            if (uint(datagram, LENGTH + n, 2) == datagram.length - RECORD_HEADER - n) {
                return n;
            }
        }
        return -1;
    }

    /** Offset of the record's length field: after the connection id in a {@code tls12_cid} record. */
    static int lengthOffset(byte[] datagram, int cidLength) {
        return type(datagram) == TLS12_CID ? LENGTH + Math.max(0, cidLength) : LENGTH;
    }

    static int uint(byte[] bytes, int offset, int length) {
        int value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    static void putUint(byte[] bytes, int offset, int length, long value) {
        for (int i = length - 1; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
    }
}
