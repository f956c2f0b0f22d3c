package io.manometer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class PercentConverterTest {

    private final PercentConverter converter = new PercentConverter();

    @Test
    void a_percentage_may_end_in_a_percent_sign() {
        assertEquals(20.0, converter.convert("20"));
        assertEquals(20.0, converter.convert("20%"));
        assertEquals(12.5, converter.convert(" 12.5% "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "%", "abc", "20 %%", "NaN", "Infinity"})
    void what_is_no_number_is_not_a_percentage(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text));

        assertEquals("'" + text + "' is not a percentage", e.getMessage());
    }

    @Test
    void the_range_is_checked_under_the_option_name() {
        assertEquals(0.0, PercentConverter.checked("--loss", 0));
        assertEquals(100.0, PercentConverter.checked("--loss", 100));

        CliException e = assertThrows(CliException.class, () -> PercentConverter.checked("--loss-up", 120));
        assertEquals(Cli.USAGE, e.exitCode());
        assertEquals("--loss-up must be 0..100, got 120.0", e.getMessage());
        assertEquals("--dup must be 0..100, got -1.0",
                assertThrows(CliException.class, () -> PercentConverter.checked("--dup", -1)).getMessage());
    }
}
