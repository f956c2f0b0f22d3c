package io.manometer.harness.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile payloads in well-formed CoAP requests: JSON that is deep, huge or wrong, invalid SenML (RFC 8428) and
 * SenML packs with one bad reading, invalid UTF-8, wrong content formats, bad queries. Every one is the client's
 * fault, so the answer must be a 4.xx with a diagnostic; a 5.xx means the server mistook bad input for its own
 * failure (STYLE.md rule 8).
 */
final class PayloadAbuse {

    private static final int POST = 2;
    private static final int GET = 1;
    private static final int JSON = 50;
    private static final int SENML = 110;
    private static final int TEXT = 0;

    private PayloadAbuse() {
    }

    /** The cases; {@code otherDevice} is a registered device other than the abusing peer. */
    static List<AbuseCase> cases(String otherDevice) {
        List<AbuseCase> cases = new ArrayList<>();
        json(cases, otherDevice);
        senml(cases, otherDevice);
        utf8(cases);
        formats(cases);
        queries(cases, otherDevice);
        return cases;
    }

    private static void json(List<AbuseCase> c, String other) {
        // 10,000 levels take 20,000 bytes: more than one DTLS record (16,384), so they can only come block-wise
        // (RFC 7959), announced by Size1; the server must refuse them before any parser sees them
        c.add(AbuseCase.bad("json", "nested-arrays-10000-block-wise", CoapBytes.request(POST).pressure()
                .contentFormat(JSON).uintOption(27, 0x0e).uintOption(60, 20_000)
                .payload("[".repeat(1024))));
        c.add(post("json", "nested-arrays-2000", JSON, "[".repeat(2000) + "]".repeat(2000)));
        c.add(post("json", "nested-objects-600", JSON, "{\"a\":".repeat(600) + "1" + "}".repeat(600)));
        c.add(post("json", "unclosed-nesting-4000", JSON, "[".repeat(4000)));
        c.add(post("json", "kpa-1e999999999", JSON, "{\"seq\":10,\"kPa\":1e999999999}"));
        c.add(post("json", "kpa-400-digits", JSON, "{\"seq\":11,\"kPa\":" + "9".repeat(400) + "}"));
        c.add(post("json", "kpa-400-fraction-digits", JSON, "{\"seq\":12,\"kPa\":0." + "1".repeat(400) + "}"));
        c.add(post("json", "seq-400-digits", JSON, "{\"seq\":" + "9".repeat(400) + ",\"kPa\":100}"));
        c.add(post("json", "seq-1e999999999", JSON, "{\"seq\":1e999999999,\"kPa\":100}"));
        c.add(post("json", "seq-2^63", JSON, "{\"seq\":9223372036854775808,\"kPa\":100}"));
        c.add(post("json", "seq-negative", JSON, "{\"seq\":-1,\"kPa\":100}"));
        c.add(post("json", "seq-fraction", JSON, "{\"seq\":1.5,\"kPa\":100}"));
        c.add(post("json", "kpa-string", JSON, "{\"seq\":13,\"kPa\":\"100\"}"));
        c.add(post("json", "kpa-nan-literal", JSON, "{\"seq\":14,\"kPa\":NaN}"));
        c.add(post("json", "kpa-negative-zero-exponent", JSON, "{\"seq\":15,\"kPa\":-0e-999999999}"));
        c.add(post("json", "duplicate-keys", JSON, "{\"seq\":16,\"seq\":17,\"kPa\":100}"));
        c.add(post("json", "trailing-garbage", JSON, "{\"seq\":18,\"kPa\":100}xyz"));
        c.add(post("json", "unterminated-string", JSON, "{\"seq\":19,\"kPa\":100,\"ts\":\"2026"));
        c.add(post("json", "control-character", JSON, "{\"seq\":20,\"kPa\":100,\"ts\":\"a\u0001b\"}"));
        c.add(post("json", "lone-surrogate-escape", JSON, "{\"seq\":21,\"kPa\":100,\"device\":\"\\ud800\"}"));
        c.add(post("json", "nul-escape", JSON, "{\"seq\":22,\"kPa\":100,\"device\":\"dev\\u0000\"}"));
        c.add(post("json", "empty-object", JSON, "{}"));
        c.add(post("json", "array", JSON, "[]"));
        c.add(post("json", "null", JSON, "null"));
        c.add(post("json", "bare-number", JSON, "101.3"));
        c.add(post("json", "unknown-member", JSON, "{\"seq\":23,\"kPa\":100,\"evil\":true}"));
        c.add(post("json", "other-device", JSON, "{\"seq\":24,\"kPa\":100,\"device\":\"" + other + "\"}"));
        c.add(post("json", "ts-invalid", JSON, "{\"seq\":25,\"kPa\":100,\"ts\":\"2026-13-45T99:99:99Z\"}"));
        c.add(post("json", "ts-year-999999999", JSON,
                "{\"seq\":26,\"kPa\":100,\"ts\":\"+999999999-12-31T23:59:59Z\"}"));
        c.add(post("json", "many-members", JSON, "{" + "\"x\":1,".repeat(500) + "\"seq\":27,\"kPa\":100}"));
    }

    private static void senml(List<AbuseCase> c, String other) {
        String p = "{\"n\":\"pressure\",\"u\":\"Pa\",";
        c.add(post("senml", "missing-v", SENML, "[{\"n\":\"pressure\",\"u\":\"Pa\"}]"));
        c.add(post("senml", "unit-kpa", SENML, "[" + "{\"n\":\"pressure\",\"u\":\"kPa\",\"v\":101}]"));
        c.add(post("senml", "unit-missing", SENML, "[{\"n\":\"pressure\",\"v\":101325}]"));
        c.add(post("senml", "string-value", SENML, "[" + p + "\"vs\":\"101325\"}]"));
        c.add(post("senml", "bn-number", SENML, "[{\"bn\":5,\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325}]"));
        c.add(post("senml", "bn-other-device", SENML, "[{\"bn\":\"" + other + "/\",\"n\":\"pressure\",\"u\":\"Pa\","
                + "\"v\":101325}]"));
        c.add(post("senml", "bt-1e300", SENML, "[{\"bt\":1e300,\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325}]"));
        c.add(post("senml", "bt-minus-1e300", SENML, "[{\"bt\":-1e300,\"n\":\"pressure\",\"u\":\"Pa\","
                + "\"v\":101325}]"));
        c.add(post("senml", "bt-plus-t-overflow", SENML, "[{\"bt\":9e15,\"t\":9e15,\"n\":\"pressure\",\"u\":\"Pa\","
                + "\"v\":101325}]"));
        c.add(post("senml", "bver-99", SENML, "[{\"bver\":99,\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325}]"));
        c.add(post("senml", "v-negative", SENML, "[" + p + "\"v\":-1}]"));
        c.add(post("senml", "empty-pack", SENML, "[]"));
        c.add(post("senml", "object-not-array", SENML, "{" + "\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325}"));
        c.add(post("senml", "seq-without-pressure", SENML, "[{\"n\":\"seq\",\"u\":\"count\",\"v\":1}]"));
        c.add(post("senml", "name-with-nul", SENML, "[{\"n\":\"pres\\u0000sure\",\"u\":\"Pa\",\"v\":101325}]"));
        c.add(post("senml", "pack-65-readings", SENML, pack(65, -1, -1)));
        c.add(post("senml", "pack-duplicate-seq", SENML, pack(3, 1, -1)));
        c.add(post("senml", "pack-second-reading-bad", SENML, pack(3, -1, 1)));
        c.add(post("senml", "pack-missing-seq", SENML, "[{\"bu\":\"Pa\",\"n\":\"pressure\",\"v\":1e5},"
                + "{\"n\":\"pressure\",\"v\":1e5}]"));
    }

    /**
     * A compact pack of {@code readings} readings (base unit once); reading {@code duplicateAt} repeats the seq of
     * the one before, reading {@code badAt} has a negative pressure (both 0-based, -1 for none).
     */
    static String pack(int readings, int duplicateAt, int badAt) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < readings; i++) {
            b.append(i == 0 ? "{\"bu\":\"Pa\",\"bt\":1795341600," : "{").append("\"n\":\"pressure\",\"v\":")
                    .append(i == badAt ? "-5" : "1e5").append("},{\"n\":\"seq\",\"v\":")
                    .append(1000 + (i == duplicateAt ? i - 1 : i)).append('}').append(i + 1 < readings ? "," : "");
        }
        return b.append(']').toString();
    }

    private static void utf8(List<AbuseCase> c) {
        byte[][] invalid = {{(byte) 0xc3, 0x28}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xff},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        String[] names = {"truncated-sequence", "overlong", "byte-ff", "encoded-surrogate", "above-u+10ffff"};
        for (int i = 0; i < invalid.length; i++) {
            c.add(AbuseCase.bad("utf-8", "json-" + names[i], CoapBytes.request(POST).pressure().contentFormat(JSON)
                    .payload(concat("{\"seq\":30,\"kPa\":100,\"ts\":\"", invalid[i], "\"}"))));
        }
        c.add(AbuseCase.bad("utf-8", "senml-name", CoapBytes.request(POST).pressure().contentFormat(SENML)
                .payload(concat("[{\"n\":\"", invalid[2], "\",\"u\":\"Pa\",\"v\":101325}]"))));
        c.add(AbuseCase.bad("utf-8", "text", CoapBytes.request(POST).pressure().contentFormat(TEXT)
                .payload(concat("10", invalid[0], "1"))));
        c.add(AbuseCase.bad("utf-8", "uri-path", CoapBytes.request(POST).option(11, invalid[2]).contentFormat(JSON)
                .payload("{\"seq\":31,\"kPa\":100}")));
        c.add(AbuseCase.bad("utf-8", "uri-query", CoapBytes.request(GET).pressure()
                .option(15, concat("device=", invalid[1], ""))));
    }

    private static void formats(List<AbuseCase> c) {
        c.add(AbuseCase.bad("content-format", "missing", CoapBytes.request(POST).pressure()
                .payload("{\"seq\":40,\"kPa\":100}")));
        for (int format : new int[] {60, 65535, 42}) {
            c.add(post("content-format", "format-" + format, format, "{\"seq\":41,\"kPa\":100}"));
        }
        c.add(post("content-format", "json-declared-text-sent", TEXT, "{\"seq\":42,\"kPa\":100}"));
        for (int format : new int[] {JSON, SENML, TEXT}) {
            c.add(AbuseCase.bad("content-format", "empty-payload-" + format, CoapBytes.request(POST).pressure()
                    .contentFormat(format)));
        }
        String[] texts = {"abc", "NaN", "Infinity", "1e999999999", "-5", "101.3\u0000", " 101.3 ", "0x10",
            "1".repeat(4000)};
        for (String text : texts) {
            c.add(post("text", "text-" + (text.length() > 12 ? text.length() + "-digits" : printable(text)), TEXT,
                    text));
        }
    }

    private static void queries(List<AbuseCase> c, String other) {
        String[] queries = {"limit=-1", "limit=99999999999999999999", "limit=abc", "limit=", "device=" + "d".repeat(
            300), "device=" + other, "evil=1", "limit=1&limit=2", "device=", "=", "device=../../etc/passwd"};
        for (String q : queries) {
            CoapBytes get = CoapBytes.request(GET).pressure();
            for (String part : q.split("&")) {
                get.option(15, part);
            }
            c.add(AbuseCase.bad("query", "get-" + printable(q.length() > 40 ? q.substring(0, 20) + "..." : q), get));
        }
        c.add(AbuseCase.bad("query", "post-to-subresource", CoapBytes.request(POST).pressure().option(11, "x")
                .contentFormat(JSON).payload("{\"seq\":50,\"kPa\":100}")));
        c.add(AbuseCase.bad("query", "post-to-root", CoapBytes.request(POST).contentFormat(JSON)
                .payload("{\"seq\":51,\"kPa\":100}")));
        c.add(AbuseCase.bad("query", "get-well-known-core-huge-query", CoapBytes.request(GET).option(11,
                ".well-known").option(11, "core").option(15, "rt=" + "x".repeat(1000))));
    }

    private static AbuseCase post(String group, String name, int format, String payload) {
        return AbuseCase.bad(group, name, CoapBytes.request(POST).pressure().contentFormat(format).payload(payload));
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(middle, 0, all, h.length, middle.length);
        System.arraycopy(t, 0, all, h.length + middle.length, t.length);
        return all;
    }

    private static String printable(String text) {
        return text.replaceAll("[^A-Za-z0-9.=&+-]", "_");
    }
}
