package io.manometer.harness.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hostile CoAP framing: headers, options and block-wise transfer (RFC 7252 §3, RFC 7959) that a well-behaved client
 * never writes. The server must answer each with a 4.xx, a reset, or nothing, and stay up.
 */
final class ProtocolAbuse {

    private static final int POST = 2;
    private static final int GET = 1;
    private static final String READING = "{\"seq\":1,\"kPa\":101.325}";
    private static final int BLOCK1 = 27;
    private static final int BLOCK2 = 23;
    private static final int SIZE1 = 60;
    /**
     * Californium 4.0.0-M6 reads Size1 as a signed int: 2^32 - 1 becomes -1, {@code BlockwiseStatus} allocates a
     * buffer of that size, and the IllegalArgumentException is logged with its stack trace (WARN, UdpMatcher) and
     * answered with a reset instead of 4.13. Nothing breaks beyond that request; TODO(#9): reject Size1 above
     * MAX_RESOURCE_BODY_SIZE in the server before the block-wise layer sees it.
     */
    private ProtocolAbuse() {
    }

    static List<AbuseCase> cases() {
        List<AbuseCase> cases = new ArrayList<>();
        header(cases);
        options(cases);
        blockwise(cases);
        size(cases);
        return cases;
    }

    private static void header(List<AbuseCase> c) {
        for (int version : new int[] {0, 2, 3}) {
            c.add(AbuseCase.bad("header", "version-" + version, CoapBytes.header(version, CoapBytes.CON, 4, POST)
                    .raw(1, 2, 3, 4).pressure().contentFormat(50).payload(READING)));
        }
        for (int tkl : new int[] {9, 15}) {
            c.add(AbuseCase.bad("header", "token-length-" + tkl, CoapBytes.header(1, CoapBytes.CON, tkl, POST)
                    .raw(new byte[tkl]).pressure().contentFormat(50).payload(READING)));
        }
        c.add(AbuseCase.bad("header", "token-truncated", CoapBytes.header(1, CoapBytes.CON, 8, POST).raw(1, 2)));
        c.add(AbuseCase.bad("header", "header-only-post-to-root", CoapBytes.header(1, CoapBytes.CON, 0, POST)));
        c.add(AbuseCase.bad("header", "empty-message-with-token", CoapBytes.header(1, CoapBytes.CON, 4, 0)
                .raw(1, 2, 3, 4)));
        c.add(AbuseCase.bad("header", "empty-message-with-payload", CoapBytes.header(1, CoapBytes.CON, 0, 0)
                .payload("x")));
        c.add(AbuseCase.bad("header", "response-code-2.05-from-client", CoapBytes.header(1, CoapBytes.CON, 4, 69)
                .raw(9, 9, 9, 9).payload("{}")));
        c.add(AbuseCase.bad("header", "unknown-method-0.31", CoapBytes.request(31).pressure()));
        c.add(AbuseCase.bad("header", "reserved-class-1.00", CoapBytes.request(32).pressure()));
        c.add(AbuseCase.bad("header", "reserved-class-7.31", CoapBytes.request(255).pressure()));
        c.add(AbuseCase.bad("header", "ack-carrying-post", CoapBytes.header(1, CoapBytes.ACK, 4, POST)
                .raw(1, 2, 3, 4).pressure().contentFormat(50).payload(READING)));
        c.add(AbuseCase.bad("header", "reset-with-payload", CoapBytes.header(1, CoapBytes.RST, 0, 0).payload("x")));
        c.add(AbuseCase.bad("header", "non-token-length-9", CoapBytes.header(1, CoapBytes.NON, 9, POST)
                .raw(new byte[9]).pressure()));
        for (int method : new int[] {3, 4, 5, 6, 7}) {
            c.add(AbuseCase.bad("header", "method-0.0" + method, CoapBytes.request(method).pressure()
                    .contentFormat(50).payload(READING)));
        }
    }

    private static void options(List<AbuseCase> c) {
        c.add(AbuseCase.bad("options", "delta-nibble-15", CoapBytes.request(POST).raw(0xf1, 0x00)));
        c.add(AbuseCase.bad("options", "length-nibble-15", CoapBytes.request(POST).raw(0xbf, 0x70)));
        c.add(AbuseCase.bad("options", "extended-delta-truncated", CoapBytes.request(POST).raw(0xd0)));
        c.add(AbuseCase.bad("options", "extended-length-truncated", CoapBytes.request(POST).raw(0xbe, 0x01)));
        c.add(AbuseCase.bad("options", "value-beyond-end", CoapBytes.request(POST).raw(0xb8, 'p')));
        c.add(AbuseCase.bad("options", "payload-marker-without-payload", CoapBytes.request(POST).pressure()
                .contentFormat(50).raw(0xff)));
        c.add(AbuseCase.bad("options", "option-number-overflow", CoapBytes.request(POST)
                .raw(0xe0, 0xff, 0xff, 0xe0, 0xff, 0xff)));
        // 9 is OSCORE (RFC 8613), critical: a server without OSCORE should answer 4.02 (RFC 7252 §5.4.1)
        c.add(AbuseCase.bad("options", "oscore-option-without-oscore", CoapBytes.request(POST).uintOption(9, 1)
                .pressure().contentFormat(50).payload(READING)));
        c.add(AbuseCase.bad("options", "unknown-critical-2049", CoapBytes.request(POST).pressure()
                .contentFormat(50).option(2049, "x").payload(READING)));
        c.add(AbuseCase.bad("options", "unknown-critical-65001", CoapBytes.request(POST).pressure()
                .contentFormat(50).option(65001, "x").payload(READING)));
        c.add(AbuseCase.control("options", "unknown-elective-65000", CoapBytes.request(POST).pressure()
                .contentFormat(50).option(65000, "x").payload("{\"seq\":2,\"kPa\":101.325}")));
        c.add(AbuseCase.bad("options", "content-format-3-bytes", CoapBytes.request(POST).pressure()
                .option(12, new byte[] {0, 0, 50}).payload(READING)));
        c.add(AbuseCase.bad("options", "content-format-twice", CoapBytes.request(POST).pressure()
                .contentFormat(50).contentFormat(0).payload(READING)));
        c.add(AbuseCase.bad("options", "uri-path-255-bytes", CoapBytes.request(POST).option(11, "p".repeat(255))
                .contentFormat(50).payload(READING)));
        CoapBytes deep = CoapBytes.request(GET);
        for (int i = 0; i < 200; i++) {
            deep.option(11, "pressure");
        }
        c.add(AbuseCase.bad("options", "200-uri-path-segments", deep));
        c.add(AbuseCase.bad("options", "if-none-match-with-value", CoapBytes.request(POST).option(5, "xx")
                .pressure().contentFormat(50).payload(READING)));
        c.add(AbuseCase.bad("options", "observe-5-bytes", CoapBytes.request(GET).option(6, new byte[5])
                .pressure()));
        c.add(AbuseCase.bad("options", "accept-65000", CoapBytes.request(GET).pressure().uintOption(17, 65000)));
        c.add(new AbuseCase("options", "proxy-uri", CoapBytes.request(GET).option(35, "coap://evil.example/x")
                .bytes(), true, Set.of("5.05")));
        c.add(new AbuseCase("options", "proxy-scheme", CoapBytes.request(GET).pressure().option(39, "http")
                .bytes(), true, Set.of("5.05")));
    }

    private static void blockwise(List<AbuseCase> c) {
        // Block1 value: NUM(4..20 bits) M(1) SZX(3), RFC 7959 §2.2
        c.add(AbuseCase.bad("block-wise", "block1-szx-7", block1(0, true, 7, 16)));
        c.add(AbuseCase.bad("block-wise", "block1-out-of-order", block1(3, true, 2, 64)));
        c.add(AbuseCase.bad("block-wise", "block1-last-without-first", block1(2, false, 2, 20)));
        c.add(AbuseCase.bad("block-wise", "block1-huge-num", block1(0xfffff, true, 6, 1024)));
        c.add(AbuseCase.bad("block-wise", "block1-short-block", block1(0, true, 6, 10)));
        c.add(AbuseCase.bad("block-wise", "block1-4-byte-option", CoapBytes.request(POST).pressure()
                .contentFormat(50).option(BLOCK1, new byte[] {0, 0, 0, 0x0e}).payload(new byte[1024])));
        c.add(AbuseCase.bad("block-wise", "size1-4gib", CoapBytes.request(POST).pressure().contentFormat(50)
                .uintOption(BLOCK1, 0x0e).uintOption(SIZE1, 0xffff_ffffL).payload(new byte[1024])));
        c.add(AbuseCase.bad("block-wise", "block2-on-post", CoapBytes.request(POST).pressure().contentFormat(50)
                .uintOption(BLOCK2, 5 << 4 | 2).payload(READING)));
        c.add(AbuseCase.bad("block-wise", "block2-huge-num-on-get", CoapBytes.request(GET).pressure()
                .uintOption(BLOCK2, 0xfffffL << 4 | 6)));
    }

    private static CoapBytes block1(long num, boolean more, int szx, int payload) {
        return CoapBytes.request(POST).pressure().contentFormat(50)
                .uintOption(BLOCK1, num << 4 | (more ? 8 : 0) | szx).payload(new byte[payload]);
    }

    private static void size(List<AbuseCase> c) {
        for (int size : new int[] {4097, 8192, 16000}) {
            c.add(AbuseCase.bad("size", "payload-" + size, CoapBytes.request(POST).pressure().contentFormat(50)
                    .payload(padded(size))));
        }
        c.add(AbuseCase.control("size", "payload-4096-valid", CoapBytes.request(POST).pressure().contentFormat(50)
                .payload(padded(4096))));
    }

    /** A valid reading padded with JSON whitespace to exactly {@code size} bytes. */
    static String padded(int size) {
        String reading = "{\"seq\":3,\"kPa\":101.325}";
        return reading.substring(0, reading.length() - 1) + " ".repeat(size - reading.length()) + "}";
    }
}
