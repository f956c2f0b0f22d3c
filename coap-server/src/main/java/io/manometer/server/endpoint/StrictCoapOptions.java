package io.manometer.server.endpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Holds an incoming CoAP message to the option rules of RFC 7252 that Californium 4.0.0-M6 lets pass, before
 * Californium parses it; the fuzz harness found each of them. Californium keeps the first of a repeated option and
 * reads an over-long value as a number, so after parsing it is too late to tell; this reads the raw options once.
 * <ul>
 * <li>A request in an ACK or RST is a message format error; such messages are rejected by ignoring them (§4.2,
 * §4.3).</li>
 * <li>The OSCORE option (RFC 8613) is critical and this server has no OSCORE: 4.02 Bad Option (§5.4.1).</li>
 * <li>Proxy-Uri and Proxy-Scheme ask a proxy, which this server is not: 5.05 Proxying Not Supported (§5.7.2).</li>
 * <li>A value length outside an option's range (§5.4.3), or a second occurrence of an option that is not
 * repeatable (§5.4.5), is treated like an unrecognized option: 4.02 for a critical option, and an elective one is
 * removed from the message, so the request goes on as if it had never been sent.</li>
 * </ul>
 * Options this table does not know are left to Californium, which answers 4.02 to an unknown critical option and
 * ignores an unknown elective one; malformed headers too, which it drops or rejects. A message that breaks no rule
 * costs one pass over its options and no allocation.
 */
final class StrictCoapOptions {

    /** What to do with a message. */
    sealed interface Verdict permits Pass, Ignore, Refuse {
    }

    /** Hand on {@code message}: the one received, or a copy without the options that must be ignored. */
    record Pass(byte[] message) implements Verdict {
    }

    /** Silently ignore the message, as RFC 7252 says to reject an ACK or RST. */
    record Ignore(String why) implements Verdict {
    }

    /** Answer the request with {@code response} (a complete CoAP message) instead of processing it. */
    record Refuse(String code, String why, byte[] response) implements Verdict {
    }

    private static final int VERSION = 1;
    private static final int CON = 0;
    private static final int NON = 1;
    private static final int ACK = 2;
    private static final int PAYLOAD_MARKER = 0xff;
    private static final int BAD_OPTION = 4 << 5 | 2;
    private static final int PROXYING_NOT_SUPPORTED = 5 << 5 | 5;
    private static final int OSCORE = 9;
    private static final int PROXY_URI = 35;
    private static final int PROXY_SCHEME = 39;
    /** The highest option number {@link #RULES} describes. */
    private static final int KNOWN = 258;
    /** Per option number: minimum length, maximum length, repeatable; {@code null} for options left to others. */
    private static final Rule[] RULES = new Rule[KNOWN + 1];

    private record Rule(int min, int max, boolean repeatable) {
    }

    static {
        rule(1, 0, 8, true);      // If-Match
        rule(3, 1, 255, false);   // Uri-Host
        rule(4, 1, 8, true);      // ETag
        rule(5, 0, 0, false);     // If-None-Match
        rule(6, 0, 3, false);     // Observe (RFC 7641)
        rule(7, 0, 2, false);     // Uri-Port
        rule(8, 0, 255, true);    // Location-Path
        rule(11, 0, 255, true);   // Uri-Path
        rule(12, 0, 2, false);    // Content-Format
        rule(14, 0, 4, false);    // Max-Age
        rule(15, 0, 255, true);   // Uri-Query
        rule(17, 0, 2, false);    // Accept
        rule(20, 0, 255, true);   // Location-Query
        rule(23, 0, 3, false);    // Block2 (RFC 7959)
        rule(27, 0, 3, false);    // Block1 (RFC 7959)
        rule(28, 0, 4, false);    // Size2 (RFC 7959)
        rule(60, 0, 4, false);    // Size1
        rule(258, 0, 1, false);   // No-Response (RFC 7967)
    }

    private static void rule(int number, int min, int max, boolean repeatable) {
        RULES[number] = new Rule(min, max, repeatable);
    }

    private StrictCoapOptions() {
    }

    /** The verdict on one message as received, {@code message} not changed. */
    static Verdict check(byte[] message) {
        if (message.length < 4 || (message[0] & 0xff) >> 6 != VERSION) {
            return new Pass(message);
        }
        int type = (message[0] >> 4) & 0x3;
        int tokenLength = message[0] & 0xf;
        int code = message[1] & 0xff;
        if (tokenLength > 8 || message.length < 4 + tokenLength) {
            return new Pass(message);
        }
        boolean request = code >> 5 == 0 && code != 0;
        if (request && type > NON) {
            return new Ignore("a request (" + codeText(code) + ") in an " + (type == ACK ? "ACK" : "RST"));
        }
        if (!request) {
            // responses and empty messages: the server sends no request, so nothing here to hold to account
            return new Pass(message);
        }
        // bits of option numbers 0..KNOWN seen so far, for the repeat check; allocated only past number 63
        long seen = 0;
        boolean[] seenHigh = null;
        int[] dropped = null;
        int droppedCount = 0;
        int at = 4 + tokenLength;
        int number = 0;
        while (at < message.length && (message[at] & 0xff) != PAYLOAD_MARKER) {
            int start = at;
            int delta = (message[at] >> 4) & 0xf;
            int length = message[at] & 0xf;
            at++;
            if (delta == 15 || length == 15) {
                return new Pass(message);
            }
            int[] field = {delta, length};
            for (int i = 0; i < 2; i++) {
                if (field[i] == 13) {
                    if (at >= message.length) {
                        return new Pass(message);
                    }
                    field[i] = 13 + (message[at++] & 0xff);
                } else if (field[i] == 14) {
                    if (at + 1 >= message.length) {
                        return new Pass(message);
                    }
                    field[i] = 269 + ((message[at] & 0xff) << 8 | (message[at + 1] & 0xff));
                    at += 2;
                }
            }
            number += field[0];
            length = field[1];
            if (at + length > message.length) {
                return new Pass(message);
            }
            at += length;
            if (number == OSCORE) {
                return refuse(message, BAD_OPTION, "OSCORE (option 9) is not supported; use DTLS");
            }
            if (number == PROXY_URI || number == PROXY_SCHEME) {
                return refuse(message, PROXYING_NOT_SUPPORTED, "this server is not a proxy");
            }
            if (number > KNOWN || RULES[number] == null) {
                continue;
            }
            Rule rule = RULES[number];
            boolean repeated;
            if (number < 64) {
                repeated = (seen & 1L << number) != 0;
                seen |= 1L << number;
            } else {
                if (seenHigh == null) {
                    seenHigh = new boolean[KNOWN + 1];
                }
                repeated = seenHigh[number];
                seenHigh[number] = true;
            }
            String fault = null;
            if (length < rule.min() || length > rule.max()) {
                fault = "option " + number + " has " + length + " bytes, allowed " + rule.min() + ".." + rule.max();
            } else if (repeated && !rule.repeatable()) {
                fault = "option " + number + " must not be repeated";
            }
            if (fault == null) {
                continue;
            }
            if ((number & 1) == 1) {
                return refuse(message, BAD_OPTION, fault);
            }
            if (dropped == null) {
                dropped = new int[8];
            } else if (droppedCount + 2 > dropped.length) {
                dropped = Arrays.copyOf(dropped, dropped.length * 2);
            }
            dropped[droppedCount++] = start;
            dropped[droppedCount++] = at;
        }
        return new Pass(dropped == null ? message : without(message, 4 + tokenLength, dropped, droppedCount));
    }

    /**
     * The message re-encoded without the options whose encodings lie in {@code dropped} (start, end pairs, in
     * order): deltas are relative, so every option after a removed one is written anew.
     */
    private static byte[] without(byte[] message, int optionsAt, int[] dropped, int droppedCount) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        out.write(message, 0, optionsAt);
        int at = optionsAt;
        int number = 0;
        int written = 0;
        int next = 0;
        while (at < message.length && (message[at] & 0xff) != PAYLOAD_MARKER) {
            int start = at;
            int delta = (message[at] >> 4) & 0xf;
            int length = message[at] & 0xf;
            at++;
            int[] field = {delta, length};
            for (int i = 0; i < 2; i++) {
                if (field[i] == 13) {
                    field[i] = 13 + (message[at++] & 0xff);
                } else if (field[i] == 14) {
                    field[i] = 269 + ((message[at] & 0xff) << 8 | (message[at + 1] & 0xff));
                    at += 2;
                }
            }
            number += field[0];
            int valueAt = at;
            at += field[1];
            if (next < droppedCount && dropped[next] == start) {
                next += 2;
                continue;
            }
            writeOption(out, number - written, message, valueAt, field[1]);
            written = number;
        }
        out.write(message, at, message.length - at);
        return out.toByteArray();
    }

    private static void writeOption(ByteArrayOutputStream out, int delta, byte[] value, int offset, int length) {
        out.write(nibble(delta) << 4 | nibble(length));
        extended(out, delta);
        extended(out, length);
        out.write(value, offset, length);
    }

    private static int nibble(int n) {
        return n < 13 ? n : n < 269 ? 13 : 14;
    }

    private static void extended(ByteArrayOutputStream out, int n) {
        if (n >= 269) {
            out.write((n - 269) >> 8);
            out.write((n - 269) & 0xff);
        } else if (n >= 13) {
            out.write(n - 13);
        }
    }

    /**
     * A response to {@code request}: piggybacked in an ACK with its message id for a CON (§5.2.1), a NON with the
     * same message id otherwise (the server keeps no message ids of its own out here; a client matches a NON
     * response by its token, §5.3.2). The diagnostic payload says what was wrong (§5.5.2).
     */
    private static Refuse refuse(byte[] request, int code, String why) {
        int type = (request[0] >> 4) & 0x3;
        int tokenLength = request[0] & 0xf;
        byte[] diagnostic = why.getBytes(StandardCharsets.UTF_8);
        byte[] response = new byte[4 + tokenLength + 1 + diagnostic.length];
        response[0] = (byte) (VERSION << 6 | (type == CON ? ACK : NON) << 4 | tokenLength);
        response[1] = (byte) code;
        response[2] = request[2];
        response[3] = request[3];
        System.arraycopy(request, 4, response, 4, tokenLength);
        response[4 + tokenLength] = (byte) PAYLOAD_MARKER;
        System.arraycopy(diagnostic, 0, response, 5 + tokenLength, diagnostic.length);
        return new Refuse(codeText(code), why, response);
    }

    private static String codeText(int code) {
        return (code >> 5) + "." + String.format("%02d", code & 0x1f);
    }
}
