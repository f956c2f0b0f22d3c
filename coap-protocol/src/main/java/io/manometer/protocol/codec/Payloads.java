package io.manometer.protocol.codec;

import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureRange;
import io.manometer.protocol.json.JsonParser;
import io.manometer.protocol.json.JsonSyntaxException;
import io.manometer.protocol.json.JsonValue;
import io.manometer.protocol.json.JsonValue.JsonNumber;
import io.manometer.protocol.json.JsonValue.JsonObject;
import io.manometer.protocol.json.JsonValue.JsonString;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Set;

/** Shared decoding steps: strict UTF-8, JSON parsing and typed member access with payload-level diagnostics. */
final class Payloads {

    private Payloads() {
    }

    static String utf8(byte[] payload) throws InvalidReadingException {
        if (payload == null || payload.length == 0) {
            throw new InvalidReadingException("empty payload: expected a reading");
        }
        if (isAscii(payload)) {
            // what devices send; a strict decoder is needed only to refuse malformed multi-byte sequences
            return new String(payload, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidReadingException("payload is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] payload) {
        for (byte b : payload) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    static JsonValue json(byte[] payload) throws InvalidReadingException {
        String text = utf8(payload);
        try {
            return JsonParser.parse(text);
        } catch (JsonSyntaxException e) {
            throw new InvalidReadingException("malformed JSON: " + e.getMessage());
        }
    }

    static JsonObject object(JsonValue value, String what) throws InvalidReadingException {
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new InvalidReadingException(what + " must be a JSON object, got " + value.typeName());
    }

    static void onlyMembers(JsonObject object, Set<String> allowed, String what) throws InvalidReadingException {
        for (String name : object.members().keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidReadingException("unknown member '" + name + "' in " + what + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    static BigDecimal number(JsonValue value, String name) throws InvalidReadingException {
        if (value instanceof JsonNumber number) {
            return number.value();
        }
        throw new InvalidReadingException("'" + name + "' must be a number, got " + value.typeName());
    }

    static String string(JsonValue value, String name) throws InvalidReadingException {
        if (value instanceof JsonString string) {
            return string.value();
        }
        throw new InvalidReadingException("'" + name + "' must be a string, got " + value.typeName());
    }

    static long sequence(JsonValue value, String name) throws InvalidReadingException {
        BigDecimal number = number(value, name);
        try {
            long seq = number.longValueExact();
            if (seq < 0) {
                throw new InvalidReadingException("'" + name + "' must not be negative, got " + seq);
            }
            return seq;
        } catch (ArithmeticException e) {
            throw new InvalidReadingException("'" + name + "' must be a whole number from 0 to 2^63-1, got "
                    + number);
        }
    }

    static double kPa(BigDecimal value, String name) throws InvalidReadingException {
        double kPa = value.doubleValue();
        try {
            PressureRange.check(kPa);
            return kPa;
        } catch (IllegalArgumentException e) {
            throw new InvalidReadingException("'" + name + "': " + e.getMessage());
        }
    }

    /** The range of a reading's time stamp, inclusive: four-digit years (RFC 3339 §5.6) from the Unix epoch on. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    static Instant instant(JsonValue value, String name) throws InvalidReadingException {
        String text = string(value, name);
        Instant instant;
        try {
            instant = UtcTimestamps.parseCommonForm(text).orElseGet(() -> Instant.parse(text));
        } catch (DateTimeException e) {
            throw new InvalidReadingException("'" + name + "' must be an ISO-8601 UTC instant such as "
                    + "2026-11-22T10:00:00Z, got '" + text + "'");
        }
        // Instant.parse reads years up to ±1,000,000,000; a reading from before 1970 or after 9999 is a broken
        // clock or an attack on whoever sorts or prints the readings, never a measurement
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidReadingException("'" + name + "' must lie between 1970-01-01T00:00:00Z and "
                    + "9999-12-31T23:59:59Z, got '" + text + "'");
        }
        return instant;
    }
}
