package io.manometer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class CliTest {

    @Test
    void durations_are_read_with_their_unit() {
        assertEquals(Duration.ofMillis(500), Cli.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(1), Cli.parseDuration("1s"));
        assertEquals(Duration.ofMinutes(2), Cli.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), Cli.parseDuration("1h"));
    }

    @Test
    void a_bare_number_means_seconds() {
        assertEquals(Duration.ofSeconds(5), Cli.parseDuration("5"));
        assertEquals(Duration.ZERO, Cli.parseDuration("0"));
    }

    @Test
    void surrounding_spaces_and_upper_case_units_are_accepted() {
        assertEquals(Duration.ofMillis(250), Cli.parseDuration(" 250MS "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "1.5s", "-1s", "1 s", "1d", "1sec", "s1", "1s2", "abc", "1e3"})
    void junk_is_rejected_with_examples(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> Cli.parseDuration(text));

        assertTrue(e.getMessage().contains("500ms"), e.getMessage());
    }

    @Test
    void a_value_refused_by_its_type_is_a_usage_error_with_the_same_message() {
        assertEquals("ok", Cli.parse(() -> "ok"));

        CliException e = assertThrows(CliException.class, () -> Cli.parse(() -> {
            throw new IllegalArgumentException("device id must not be empty");
        }));
        assertEquals(Cli.USAGE, e.exitCode());
        assertEquals("device id must not be empty", e.getMessage());
    }

    @Test
    void format_is_the_inverse_for_whole_units() {
        assertEquals("500ms", Cli.format(Duration.ofMillis(500)));
        assertEquals("1s", Cli.format(Duration.ofSeconds(1)));
        assertEquals("120s", Cli.format(Duration.ofMinutes(2)));
        assertEquals(Duration.ofMinutes(2), Cli.parseDuration(Cli.format(Duration.ofMinutes(2))));
    }
}
