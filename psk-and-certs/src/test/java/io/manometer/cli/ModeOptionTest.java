package io.manometer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.manometer.credentials.dtls.CredentialMode;
import org.junit.jupiter.api.Test;

class ModeOptionTest {

    @Test
    void every_mode_is_known_by_its_cli_name_in_any_case() {
        for (CredentialMode mode : CredentialMode.values()) {
            assertEquals(mode, ModeOption.parse(mode.cliName()));
        }
        assertEquals(CredentialMode.ECDHE_PSK, ModeOption.parse("ECDHE-PSK"));
    }

    @Test
    void an_unknown_mode_is_a_usage_error_that_lists_the_known_ones() {
        CliException e = assertThrows(CliException.class, () -> ModeOption.parse("rsa"));

        assertEquals(Cli.USAGE, e.exitCode());
        assertEquals("unknown --mode 'rsa' (use psk, ecdhe-psk, rpk, x509)", e.getMessage());
    }
}
