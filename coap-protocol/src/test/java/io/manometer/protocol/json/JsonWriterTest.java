package io.manometer.protocol.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonWriterTest {

    @ParameterizedTest
    @CsvSource({"101.325,101.325", "0.5,0.5", "100000,100000", "0.0005,0.0005", "1.0E-7,0.0000001",
        "12345678.5,12345678.5", "-2.25,-2.25", "1.0E20,100000000000000000000", "0.1,0.1"})
    void numbers_are_plain_and_shortest(double value, String text) {
        assertEquals(text, JsonWriter.number(value));
    }

    @Test
    void the_fast_path_writes_what_the_exact_decimal_path_writes() {
        Random random = new Random(8259);
        for (int i = 0; i < 100_000; i++) {
            double value = switch (i % 3) {
                case 0 -> random.nextInt(100_000_000) / 1000.0;
                case 1 -> random.nextDouble() * 100_000;
                default -> Double.longBitsToDouble(random.nextLong());
            };
            if (!Double.isFinite(value)) {
                continue;
            }
            String exact = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();

            assertEquals(exact, JsonWriter.number(value), Double.toString(value));
        }
    }
}
