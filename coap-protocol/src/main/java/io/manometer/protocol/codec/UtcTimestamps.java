package io.manometer.protocol.codec;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Reads the one timestamp form devices send, {@code 2026-11-22T10:00:00Z} with an optional fraction of 1 to 9
 * digits, without {@link java.time.format.DateTimeFormatter}: profiling the single-reading POST showed
 * {@code Instant.parse} as the largest part of decoding a JSON reading. Anything else, including every invalid
 * text, is left to {@code Instant.parse}, so what is accepted and what it means do not change.
 */
final class UtcTimestamps {

    private static final int SHORTEST = "2026-11-22T10:00:00Z".length();
    private static final int LONGEST = "2026-11-22T10:00:00.123456789Z".length();
    private static final int SECONDS_PER_DAY = 86_400;

    private UtcTimestamps() {
    }

    /** The instant, or empty when {@code text} is not in the common form (or names no real date or time). */
    static Optional<Instant> parseCommonForm(String text) {
        int length = text.length();
        if (length < SHORTEST || length > LONGEST || length == SHORTEST + 1 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return Optional.empty();
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (length > SHORTEST) {
            if (text.charAt(19) != '.') {
                return Optional.empty();
            }
            int fractionDigits = length - SHORTEST - 1;
            nanos = digits(text, 20, fractionDigits);
            for (int i = fractionDigits; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        // leap seconds (23:59:60) and other edge cases keep Instant.parse's reading of them
        if (year < 0 || month < 1 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || nanos < 0) {
            return Optional.empty();
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Optional.of(Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second,
                    nanos));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The decimal value of {@code count} ASCII digits at {@code start}, or -1 if any is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
