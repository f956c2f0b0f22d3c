package io.manometer.harness.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes CoAP messages byte by byte (RFC 7252 §3), including what Californium's encoder refuses to write: reserved
 * option nibbles, truncated options, token lengths above 8, versions other than 1. The message id (bytes 2..3) is
 * a placeholder that the sender overwrites, so one case can be sent many times.
 * <pre>
 *  Ver(2) T(2) TKL(4) | Code(8) | Message ID(16) | Token (TKL bytes) | Options | 0xFF Payload
 *  option: Delta(4) Length(4) [ext delta: 13 -> +1 byte, 14 -> +2 bytes, 15 reserved] [ext length] value
 * </pre>
 */
final class CoapBytes {

    static final int CON = 0;
    static final int NON = 1;
    static final int ACK = 2;
    static final int RST = 3;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int lastOption;

    private CoapBytes() {
    }

    /** A header with the given version, type, declared token length and code ({@code 0.02} is 2, POST). */
    static CoapBytes header(int version, int type, int tokenLength, int code) {
        CoapBytes b = new CoapBytes();
        b.out.write((version & 3) << 6 | (type & 3) << 4 | (tokenLength & 15));
        b.out.write(code);
        b.out.write(0);
        b.out.write(0);
        return b;
    }

    /** A well-formed confirmable request with a 4-byte token. */
    static CoapBytes request(int code) {
        return header(1, CON, 4, code).raw(0x4d, 0x41, 0x4e, 0x4f);
    }

    /** Appends bytes as they are: a token, a broken option, anything. */
    CoapBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    CoapBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A correctly encoded option; options must be added in ascending number order. */
    CoapBytes option(int number, byte[] value) {
        int delta = number - lastOption;
        if (delta < 0) {
            throw new IllegalArgumentException("options must be added in order: " + number + " after " + lastOption);
        }
        lastOption = number;
        int deltaNibble = nibble(delta);
        int lengthNibble = nibble(value.length);
        out.write(deltaNibble << 4 | lengthNibble);
        extended(deltaNibble, delta);
        extended(lengthNibble, value.length);
        out.writeBytes(value);
        return this;
    }

    CoapBytes option(int number, String value) {
        return option(number, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An unsigned integer option in its shortest form (RFC 7252 §3.2). */
    CoapBytes uintOption(int number, long value) {
        int length = 0;
        for (long v = value; v != 0; v >>>= 8) {
            length++;
        }
        byte[] bytes = new byte[length];
        DtlsBytes.putUint(bytes, 0, length, value);
        return option(number, bytes);
    }

    /** Uri-Path {@code pressure} (option 11). */
    CoapBytes pressure() {
        return option(11, "pressure");
    }

    CoapBytes contentFormat(int format) {
        return uintOption(12, format);
    }

    CoapBytes payload(byte[] payload) {
        out.write(0xff);
        out.writeBytes(payload);
        return this;
    }

    CoapBytes payload(String payload) {
        return payload(payload.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** Message id of a message, -1 if it is too short to have one. */
    static int messageId(byte[] message) {
        return message.length < 4 ? -1 : DtlsBytes.uint(message, 2, 2);
    }

    static void setMessageId(byte[] message, int mid) {
        if (message.length >= 4) {
            DtlsBytes.putUint(message, 2, 2, mid);
        }
    }

    static int type(byte[] message) {
        return message.length == 0 ? -1 : (message[0] >> 4) & 3;
    }

    /** The code as CoAP writes it, {@code 4.00}. */
    static String code(byte[] message) {
        int code = message.length < 2 ? 0 : message[1] & 0xff;
        return (code >> 5) + "." + String.format("%02d", code & 31);
    }

    private static int nibble(int value) {
        return value < 13 ? value : value < 269 ? 13 : 14;
    }

    private void extended(int nibble, int value) {
        if (nibble == 13) {
            out.write(value - 13);
        } else if (nibble == 14) {
            out.write((value - 269) >> 8);
            out.write(value - 269);
        }
    }
}
