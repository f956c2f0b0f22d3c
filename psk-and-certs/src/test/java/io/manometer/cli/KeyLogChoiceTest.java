package io.manometer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.cli.KeyLogChoice.Source;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyLogChoiceTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @Test
    void no_option_and_no_variable_means_no_key_log() {
        assertEquals(Optional.empty(), KeyLogChoice.resolve(Optional.empty(), NO_ENVIRONMENT));
    }

    @Test
    void the_option_alone_is_used() {
        assertEquals(Optional.of(new KeyLogChoice(Path.of("keys.log"), Source.OPTION)),
                KeyLogChoice.resolve(Optional.of(Path.of("keys.log")), NO_ENVIRONMENT));
    }

    @Test
    void the_variable_is_used_when_the_option_is_absent() {
        assertEquals(Optional.of(new KeyLogChoice(Path.of("/tmp/ssl keys.log"), Source.ENVIRONMENT)),
                KeyLogChoice.resolve(Optional.empty(), Map.of("SSLKEYLOGFILE", "/tmp/ssl keys.log")));
    }

    @Test
    void the_option_wins_over_the_variable() {
        assertEquals(Optional.of(Path.of("mine.log")), KeyLogChoice.file(Optional.of(Path.of("mine.log")),
                Map.of("SSLKEYLOGFILE", "/tmp/theirs.log")));
    }

    @Test
    void an_empty_or_blank_variable_counts_as_unset() {
        assertEquals(Optional.empty(), KeyLogChoice.resolve(Optional.empty(), Map.of("SSLKEYLOGFILE", "")));
        assertEquals(Optional.empty(), KeyLogChoice.resolve(Optional.empty(), Map.of("SSLKEYLOGFILE", "  ")));
    }

    @Test
    void other_variables_are_ignored() {
        assertEquals(Optional.empty(), KeyLogChoice.resolve(Optional.empty(), Map.of("SSLKEYLOG", "x.log",
                "sslkeylogfile", "y.log")));
    }

    @Test
    void the_source_is_named_as_the_user_wrote_it() {
        assertEquals("--keylog", Source.OPTION.text());
        assertEquals("SSLKEYLOGFILE", Source.ENVIRONMENT.text());
    }
}
