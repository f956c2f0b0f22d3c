package io.manometer.protocol.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A strict RFC 8259 parser for payloads from untrusted peers: no NaN or Infinity, no trailing commas, no duplicate
 * member names, bounded nesting. Strictness is the point: a device that sends almost-JSON gets a 4.00 naming the
 * offset instead of a reading the server guessed at.
 */
public final class JsonParser {

    /** Readings are flat; SenML packs are an array of objects. Anything deeper is hostile or broken. */
    public static final int MAX_DEPTH = 8;
    /** Longest number token; a double needs 24 characters, so 40 leaves room without inviting huge values. */
    public static final int MAX_NUMBER_LENGTH = 40;
    /** Largest decimal exponent (scale) accepted; doubles end near 1e308, so 400 loses nothing real. */
    public static final int MAX_EXPONENT = 400;

    private final String text;
    private int pos;
    private int depth;

    private JsonParser(String text) {
        this.text = text;
    }

    /** Parses exactly one JSON value; surrounding whitespace is allowed, anything else after it is not. */
    public static JsonValue parse(String text) throws JsonSyntaxException {
        JsonParser parser = new JsonParser(text);
        parser.skipWhitespace();
        JsonValue value = parser.readValue();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw new JsonSyntaxException("unexpected data after the JSON value", parser.pos);
        }
        return value;
    }

    private JsonValue readValue() throws JsonSyntaxException {
        if (pos >= text.length()) {
            throw new JsonSyntaxException("unexpected end of input", pos);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> readObject();
            case '[' -> readArray();
            case '"' -> new JsonValue.JsonString(readString());
            case 't' -> readLiteral("true", new JsonValue.JsonBoolean(true));
            case 'f' -> readLiteral("false", new JsonValue.JsonBoolean(false));
            case 'n' -> readLiteral("null", new JsonValue.JsonNull());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield readNumber();
                }
                throw new JsonSyntaxException("unexpected character '" + printable(c) + "'", pos);
            }
        };
    }

    private JsonValue readObject() throws JsonSyntaxException {
        enter();
        pos++;
        LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return JsonValue.JsonObject.owning(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw new JsonSyntaxException("expected a member name in double quotes", pos);
            }
            int nameAt = pos;
            String name = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (members.put(name, readValue()) != null) {
                throw new JsonSyntaxException("duplicate member '" + name + "'", nameAt);
            }
            skipWhitespace();
            char c = next();
            if (c == '}') {
                depth--;
                return JsonValue.JsonObject.owning(members);
            }
            if (c != ',') {
                throw new JsonSyntaxException("expected ',' or '}'", pos - 1);
            }
        }
    }

    private JsonValue readArray() throws JsonSyntaxException {
        enter();
        pos++;
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new JsonValue.JsonArray(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(readValue());
            skipWhitespace();
            char c = next();
            if (c == ']') {
                depth--;
                return new JsonValue.JsonArray(elements);
            }
            if (c != ',') {
                throw new JsonSyntaxException("expected ',' or ']'", pos - 1);
            }
        }
    }

    private String readString() throws JsonSyntaxException {
        pos++;
        // most strings (member names, ids, units) have no escapes: take them as a substring, without a builder
        for (int end = pos; end < text.length(); end++) {
            char c = text.charAt(end);
            if (c == '"') {
                String plain = text.substring(pos, end);
                pos = end + 1;
                return plain;
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
        }
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new JsonSyntaxException("control character in string", pos - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escape = next();
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(readHexChar());
                default -> throw new JsonSyntaxException("invalid escape '\\" + printable(escape) + "'", pos - 1);
            }
        }
    }

    private char readHexChar() throws JsonSyntaxException {
        if (pos + 4 > text.length()) {
            throw new JsonSyntaxException("truncated \\u escape", pos);
        }
        try {
            char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
            pos += 4;
            return c;
        } catch (NumberFormatException e) {
            throw new JsonSyntaxException("invalid \\u escape", pos);
        }
    }

    private JsonValue readNumber() throws JsonSyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!readDigits()) {
            throw new JsonSyntaxException("invalid number", start);
        }
        if (peek() == '.') {
            pos++;
            if (!readDigits()) {
                throw new JsonSyntaxException("invalid number: digits expected after '.'", pos);
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!readDigits()) {
                throw new JsonSyntaxException("invalid number: digits expected in exponent", pos);
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw new JsonSyntaxException("number longer than " + MAX_NUMBER_LENGTH + " characters", start);
        }
        try {
            BigDecimal number = new BigDecimal(text.substring(start, pos));
            // 1e999999999 is 12 bytes on the wire but a billion digits once printed or added to: refuse it here
            if (Math.abs((long) number.scale()) > MAX_EXPONENT
                    || Math.abs((long) number.precision() - number.scale()) > MAX_EXPONENT) {
                throw new JsonSyntaxException("number out of range", start);
            }
            return new JsonValue.JsonNumber(number);
        } catch (NumberFormatException e) {
            throw new JsonSyntaxException("number out of range", start);
        }
    }

    private boolean readDigits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private JsonValue readLiteral(String literal, JsonValue value) throws JsonSyntaxException {
        if (!text.startsWith(literal, pos)) {
            throw new JsonSyntaxException("invalid literal", pos);
        }
        pos += literal.length();
        return value;
    }

    private void enter() throws JsonSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw new JsonSyntaxException("nesting deeper than " + MAX_DEPTH, pos);
        }
    }

    private void expect(char expected) throws JsonSyntaxException {
        if (next() != expected) {
            throw new JsonSyntaxException("expected '" + expected + "'", pos - 1);
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() throws JsonSyntaxException {
        if (pos >= text.length()) {
            throw new JsonSyntaxException("unexpected end of input", pos);
        }
        return text.charAt(pos++);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
