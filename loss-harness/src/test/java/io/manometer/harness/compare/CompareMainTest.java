package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.dtls.CredentialMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompareMainTest {

    @Test
    void options_follow_the_command_line() {
        CompareRun.Options options = parse("--modes", "rpk,psk,rpk", "--handshakes", "5", "--loss", "20%", "--rtt",
                "100ms", "--profile", "lean", "--seed", "7", "--saturation", "0").options();

        assertEquals(List.of(CredentialMode.RPK, CredentialMode.PSK), options.modes());
        assertEquals(5, options.handshakes());
        assertEquals(20.0, options.lossPercent().getAsDouble());
        assertEquals(Duration.ofMillis(100), options.rtt().orElseThrow());
        assertEquals(Profile.LEAN, options.profile());
        assertEquals(7, options.seed());
        assertTrue(options.saturation().isZero());
    }

    @Test
    void defaults_compare_all_four_modes_with_fifty_handshakes() {
        CompareRun.Options options = parse().options();

        assertEquals(List.of(CredentialMode.values()), options.modes());
        assertEquals(50, options.handshakes());
        assertEquals(Profile.DEFAULT, options.profile());
        assertTrue(options.rtt().isEmpty());
        assertTrue(options.lossPercent().isEmpty());
    }

    @Test
    void an_unknown_mode_or_profile_is_a_usage_error() {
        assertEquals(Cli.USAGE, assertThrows(CliException.class, () -> parse("--modes", "psk,rsa").options())
                .exitCode());
        assertEquals(Cli.USAGE, assertThrows(CliException.class, () -> parse("--profile", "tiny").options())
                .exitCode());
        assertEquals(Cli.USAGE, assertThrows(CliException.class, () -> parse("--loss", "100").options())
                .exitCode());
    }

    @Test
    void help_and_bad_numbers_end_with_the_usual_exit_codes() {
        assertEquals(0, Cli.run("manometer compare", new CompareMain(), "--help"));
        assertEquals(Cli.USAGE, Cli.run("manometer compare", new CompareMain(), "--handshakes", "many"));
        assertEquals(Cli.USAGE, Cli.run("manometer compare", new CompareMain(), "--handshakes", "0"));
    }

    private static CompareMain parse(String... args) {
        CompareMain main = new CompareMain();
        new CommandLine(main).registerConverter(Duration.class, Cli::parseDuration).parseArgs(args);
        return main;
    }
}
