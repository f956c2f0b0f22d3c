package io.manometer.harness.compare;

import io.manometer.harness.compare.DatagramLog.Datagram;
import io.manometer.harness.link.Direction;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds DTLS 1.2 records and handshake messages byte by byte, so parser tests need no sockets. */
final class Wire {

    private Wire() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** A record: type, fe fd, epoch, 48-bit sequence number, connection id (tls12_cid only), length, fragment. */
    static byte[] record(int type, int epoch, long sequence, byte[] cid, byte[] fragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(0xfe);
        out.write(0xfd);
        out.write(epoch >> 8);
        out.write(epoch);
        for (int shift = 40; shift >= 0; shift -= 8) {
            out.write((int) (sequence >> shift));
        }
        out.writeBytes(cid);
        out.write(fragment.length >> 8);
        out.write(fragment.length);
        out.writeBytes(fragment);
        return out.toByteArray();
    }

    static byte[] record(int type, int epoch, long sequence, byte[] fragment) {
        return record(type, epoch, sequence, new byte[0], fragment);
    }

    /** A whole handshake message: 12-byte header (message_seq 0, offset 0) and body. */
    static byte[] message(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        uint24(out, body.length);
        out.write(0);
        out.write(0);
        uint24(out, 0);
        uint24(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static Datagram up(byte[]... records) {
        return new Datagram(0, Direction.UP, concat(records), 0);
    }

    static Datagram down(byte[]... records) {
        return new Datagram(0, Direction.DOWN, concat(records), 0);
    }

    private static void uint24(ByteArrayOutputStream out, int value) {
        out.write(value >> 16);
        out.write(value >> 8);
        out.write(value);
    }
}
