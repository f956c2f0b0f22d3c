package io.manometer.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {

    /** The rule as the docs state it; the hand-written check must agree with it everywhere. */
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String ALPHABET = "aZ09._-/ \u00e9:\n";

    @ParameterizedTest
    @ValueSource(strings = {"dev-1", "d", "9", "gw_1.site-a", "fleet-0001"})
    void valid_ids(String id) {
        assertTrue(DeviceId.isValid(id));
        assertEquals(id, DeviceId.of(id).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-dev", ".dev", "_dev", "dev/1", "dev 1", "d\u00e9v", "../x", "dev\n"})
    void invalid_ids(String id) {
        assertFalse(DeviceId.isValid(id));
        assertThrows(IllegalArgumentException.class, () -> DeviceId.of(id));
    }

    @Test
    void an_id_has_at_most_64_characters() {
        assertTrue(DeviceId.isValid("d".repeat(64)));
        assertFalse(DeviceId.isValid("d".repeat(65)));
    }

    @Test
    void the_check_agrees_with_the_documented_pattern_on_seeded_random_strings() {
        Random random = new Random(64);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(67);
            for (int c = 0; c < length; c++) {
                id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            assertEquals(RULE.matcher(id).matches(), DeviceId.isValid(id.toString()), id.toString());
        }
        assertFalse(DeviceId.isValid(null));
    }
}
