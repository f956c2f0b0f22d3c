package io.manometer.protocol.json;

import java.math.BigDecimal;

/**
 * Builds compact JSON text for the few shapes the protocol writes. Members are written in call order, so encoded
 * readings are byte-for-byte predictable (the codec tests compare exact bytes).
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    private boolean needsComma;

    public JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    public JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    public JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    public JsonWriter value(String value) {
        separate();
        quote(value);
        needsComma = true;
        return this;
    }

    /** Writes a number as given; callers pass text from {@link #number(double)} or an integer. */
    public JsonWriter rawNumber(String number) {
        separate();
        out.append(number);
        needsComma = true;
        return this;
    }

    public JsonWriter value(long value) {
        return rawNumber(Long.toString(value));
    }

    public JsonWriter value(double value) {
        return rawNumber(number(value));
    }

    /** Shortest decimal text that reads back as the same double, without exponent: 101.325, 100000, 0.5. */
    public static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no representation for " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = Double.toString(value);
        if (text.indexOf('E') < 0 && !text.endsWith("0")) {
            // already plain and without trailing zeros (0.001 <= |value| < 10^7): the common case, no BigDecimal
            return text;
        }
        return new BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    private void quote(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
