package io.manometer.harness.compare;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One DTLS 1.2 record as it crossed the link, read from the clear header only (RFC 6347 §4.1): content type,
 * epoch, sequence number and length, so a handshake's bytes can be told from application data without keys. A
 * {@code tls12_cid} record (RFC 9146 §4) carries the connection id between sequence number and length; its length
 * is not on the wire, so the parser must be told it.
 * <pre>
 *  type(1) version(2) epoch(2) sequence_number(6) [cid(n)] length(2) fragment(length)
 * </pre>
 *
 * @param type content type: 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data, 25 tls12_cid
 * @param epoch the record's epoch: 0 in the clear, 1 and up encrypted
 * @param sequence the record's sequence number within its epoch
 * @param wireLength bytes of the whole record, header included
 * @param fragment the record's fragment (ciphertext from epoch 1 on)
 */
public record DtlsRecord(int type, int epoch, long sequence, int wireLength, byte[] fragment) {

    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;
    public static final int TLS12_CID = 25;
    /** Record header without a connection id (RFC 6347 §4.1). */
    public static final int HEADER = 13;

    /**
     * Splits a datagram into its records.
     *
     * @param cidLength the length of the connection id the receiver of this datagram asked for (0 for none)
     * @throws IllegalArgumentException when the datagram is not a sequence of whole DTLS 1.2 records
     */
    public static List<DtlsRecord> parse(byte[] datagram, int cidLength) {
        ByteBuffer in = ByteBuffer.wrap(datagram);
        List<DtlsRecord> records = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            if (in.remaining() < HEADER) {
                throw new IllegalArgumentException("truncated record header at byte " + start);
            }
            int type = in.get() & 0xff;
            in.getShort(); // version, fe fd
            int epoch = in.getShort() & 0xffff;
            long sequence = ((long) (in.getShort() & 0xffff) << 32) | (in.getInt() & 0xffffffffL);
            if (type == TLS12_CID) {
                if (in.remaining() < cidLength + 2) {
                    throw new IllegalArgumentException("truncated connection id at byte " + start);
                }
                in.position(in.position() + cidLength);
            }
            int length = in.getShort() & 0xffff;
            if (in.remaining() < length) {
                throw new IllegalArgumentException("record of " + length + " bytes at byte " + start + " exceeds the"
                        + " datagram");
            }
            byte[] fragment = new byte[length];
            in.get(fragment);
            records.add(new DtlsRecord(type, epoch, sequence, in.position() - start, fragment));
        }
        return records;
    }

    /**
     * The handshake messages or message fragments in a clear handshake record (RFC 6347 §4.2.2); empty for every
     * other record, encrypted ones included.
     */
    public List<HandshakeMessage> messages() {
        if (type != HANDSHAKE || epoch != 0) {
            return List.of();
        }
        return HandshakeMessage.parse(fragment);
    }
}
