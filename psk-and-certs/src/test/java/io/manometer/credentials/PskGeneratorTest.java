package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PskGeneratorTest {

    private final PskGenerator generator = new PskGenerator(new SecureRandom());

    @Test
    void a_generated_key_carries_at_least_128_bits_of_entropy() {
        assertTrue(PskGenerator.entropyBits() >= 128, "entropy " + PskGenerator.entropyBits());
    }

    @Test
    void generated_keys_are_printable_ascii_of_the_full_length() {
        for (int i = 0; i < 1000; i++) {
            String key = generator.next();
            assertEquals(PskGenerator.LENGTH, key.length());
            assertTrue(key.chars().allMatch(c -> c > 0x20 && c < 0x7f), key);
        }
    }

    @Test
    void the_generated_length_passes_the_psk_file_minimum() {
        assertTrue(PskGenerator.LENGTH >= PskFiles.MIN_LENGTH);
    }

    @Test
    void generated_keys_do_not_repeat() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(generator.next());
        }
        assertEquals(1000, keys.size());
    }
}
