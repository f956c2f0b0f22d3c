package io.manometer.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must agree with {@link Instant#parse} wherever it answers, and leave everything else to it. */
class UtcTimestampsTest {

    @Test
    void agrees_with_instant_parse_on_seeded_random_instants_of_every_precision() {
        Random random = new Random(8428);
        for (int i = 0; i < 20_000; i++) {
            // years 0000 to 9999, every fraction length from none to nanoseconds
            long second = random.nextLong(-62_167_219_200L, 253_402_300_800L);
            int digits = random.nextInt(10);
            int nanos = digits == 0 ? 0 : random.nextInt(1_000_000_000);
            String text = format(Instant.ofEpochSecond(second, nanos), digits);

            assertEquals(Optional.of(Instant.parse(text)), UtcTimestamps.parseCommonForm(text), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T10:00:00Z", "2026-11-22T10:00:00.5Z", "2026-11-22T10:00:00.123456789Z",
        "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    void reads_the_common_form_as_instant_parse_does(String text) {
        assertEquals(Optional.of(Instant.parse(text)), UtcTimestamps.parseCommonForm(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-11-22", "2026-11-22T10:00Z", "2026-11-22T10:00:00",
        "2026-11-22T10:00:00.Z", "2026-11-22T10:00:00.1234567890Z", "2026-11-22t10:00:00Z", "2026-11-22T10:00:00z",
        "2026-11-22T10:00:00+01:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z",
        "2026-11-22T24:00:00Z", "2026-11-22T10:60:00Z", "2026-11-22T23:59:60Z", "+2026-11-22T10:00:00Z",
        "2026-11-22T10:00:0xZ", "2026-11-22T10:00:00,5Z", "-001-11-22T10:00:00Z", "2026-00-22T10:00:00Z",
        "2026-11-00T10:00:00Z", "2026-1a-22T10:00:00Z", "2026/11/22T10:00:00Z"})
    void leaves_every_other_text_to_instant_parse(String text) {
        assertEquals(Optional.empty(), UtcTimestamps.parseCommonForm(text));
    }

    /** ISO-8601 UTC with exactly {@code digits} fraction digits (truncated), as devices write it. */
    private static String format(Instant instant, int digits) {
        String whole = instant.truncatedTo(ChronoUnit.SECONDS).toString();
        String base = whole.substring(0, whole.length() - 1);
        if (digits == 0) {
            return base + "Z";
        }
        String nanos = String.format("%09d", instant.getNano());
        return base + "." + nanos.substring(0, digits) + "Z";
    }
}
