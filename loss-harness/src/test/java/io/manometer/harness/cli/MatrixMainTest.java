package io.manometer.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.link.GilbertElliott;
import io.manometer.harness.scenario.Scenario;
import io.manometer.harness.scenario.Timers;
import io.manometer.protocol.ContentFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class MatrixMainTest {

    @Test
    void the_defaults_are_four_modes_times_five_losses_of_4_devices_with_50_readings() {
        List<Scenario> scenarios = scenarios();

        assertEquals(20, scenarios.size());
        assertEquals(List.of(CredentialMode.PSK, CredentialMode.ECDHE_PSK, CredentialMode.RPK, CredentialMode.X509),
                scenarios.stream().map(Scenario::mode).distinct().toList());
        assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 50.0), scenarios.stream().limit(5).map(Scenario::loss).toList());
        Scenario first = scenarios.get(0);
        assertEquals(4, first.devices());
        assertEquals(50, first.readings());
        assertEquals(42, first.seed());
        assertEquals(Timers.SHORT, first.timers());
        assertEquals(ContentFormat.JSON, first.format());
        assertTrue(first.cid() && first.antiReplay());
        assertFalse(first.rebind().enabled());
    }

    @Test
    void loss_applies_to_both_directions_unless_a_direction_is_fixed() {
        List<Scenario> scenarios = scenarios("--modes", "psk", "--loss", "10,30%", "--loss-up", "5");

        assertEquals(2, scenarios.size());
        assertEquals(5, scenarios.get(1).up().lossPercent());
        assertEquals(30, scenarios.get(1).down().lossPercent());
        assertEquals(30, scenarios.get(1).loss());
    }

    @Test
    void every_impairment_reaches_both_directions_of_every_row() {
        Scenario scenario = scenarios("--modes", "x509", "--loss", "20", "--dup", "10", "--reorder", "5",
                "--replay", "20", "--replay-delay", "2s", "--burst", "1,25", "--delay", "10ms", "--jitter", "5ms",
                "--format", "text", "--devices", "3", "--readings", "7", "--seed", "9", "--timers", "rfc").get(0);

        for (var impairment : List.of(scenario.up(), scenario.down())) {
            assertEquals(20, impairment.lossPercent());
            assertEquals(10, impairment.duplicatePercent());
            assertEquals(5, impairment.reorderPercent());
            assertEquals(20, impairment.replayPercent());
            assertEquals(Duration.ofSeconds(2), impairment.replayDelay());
            assertEquals(GilbertElliott.of(1, 25), impairment.burst());
            assertEquals(Duration.ofMillis(10), impairment.delay());
            assertEquals(Duration.ofMillis(5), impairment.jitter());
        }
        assertEquals(ContentFormat.TEXT_PLAIN, scenario.format());
        assertEquals(3, scenario.devices());
        assertEquals(7, scenario.readings());
        assertEquals(9, scenario.seed());
        assertEquals(Timers.RFC, scenario.timers());
    }

    @Test
    void rebinding_runs_each_mode_with_cid_on_and_off() {
        List<Scenario> scenarios = scenarios("--modes", "psk,x509", "--loss", "0,20", "--rebind", "5");

        assertEquals(8, scenarios.size());
        assertEquals(List.of(true, true, false, false), scenarios.stream().limit(4).map(Scenario::cid).toList());
        assertTrue(scenarios.stream().allMatch(s -> s.rebind().everyDatagrams() == 5));
        assertEquals(4, scenarios("--modes", "psk,x509", "--loss", "0,20", "--rebind", "5", "--cid", "on").size());
    }

    @Test
    void anti_replay_both_gives_each_mode_rows_with_the_window_on_and_off() {
        List<Scenario> scenarios = scenarios("--modes", "psk", "--loss", "0", "--replay", "20", "--anti-replay",
                "both");

        assertEquals(List.of(true, false), scenarios.stream().map(Scenario::antiReplay).toList());
    }

    @Test
    void resume_after_reaches_the_timers() {
        Scenario scenario = scenarios("--modes", "psk", "--loss", "0", "--resume-after", "1s").get(0);

        assertEquals(Optional.of(Duration.ofSeconds(1)), scenario.timers().resumeAfter());
    }

    @Test
    void captures_are_named_after_their_row() {
        Scenario scenario = scenarios("--modes", "x509", "--loss", "20", "--cid", "off").get(0);

        assertEquals(Path.of("caps/03-x509-loss-20-cid-off.pcapng"),
                MatrixOptions.capture(Path.of("caps"), 2, scenario).orElseThrow());
        assertEquals(Optional.empty(), MatrixOptions.capture(null, 2, scenario));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--modes|psk,tls|--modes: unknown mode 'tls' (known: psk, ecdhe-psk, rpk, x509)",
        "--loss|10,120|--loss must be 0..100, got 120.0",
        "--devices|0|--devices must be 1..1000, got 0",
        "--readings|100001|--readings must be 1..100000, got 100001",
        "--format|xml|--format must be json, text or senml, got 'xml'",
        "--timers|fast|--timers must be short or rfc, got 'fast'",
        "--rebind|-1|--rebind must be 0 (off) or more, got -1",
        "--burst|1|--burst: expected P_GB,P_BG[,LOSS_BAD] in percent, e.g. 1,25 or 1,25,80; got '1'"})
    void bad_input_is_one_line_naming_the_option_and_exit_code_2(String option, String value, String message) {
        Run run = run("matrix", option, value);

        assertEquals(Cli.USAGE, run.exitCode(), run.err());
        assertEquals("harness: " + message, run.err().strip());
    }

    @Test
    void a_bad_toggle_is_a_usage_error() {
        assertEquals(Cli.USAGE, run("matrix", "--cid", "maybe").exitCode());
        assertEquals(Cli.USAGE, assertThrows(CliException.class,
                () -> scenarios("--resume-after", "0s")).exitCode());
    }

    @Test
    void help_explains_every_option() {
        Run run = run("matrix", "--help");

        assertEquals(0, run.exitCode());
        for (String option : List.of("--modes", "--loss", "--loss-up", "--loss-down", "--burst", "--dup",
                "--reorder", "--replay", "--rebind", "--cid", "--anti-replay", "--format", "--devices", "--readings",
                "--seed", "--timers", "--resume-after", "--out", "--pcap-dir")) {
            assertTrue(run.out().contains(option), option);
        }
    }

    private static List<Scenario> scenarios(String... args) {
        MatrixMain options = new MatrixMain();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Duration.class, Cli::parseDuration).parseArgs(args);
        return MatrixOptions.scenarios(options);
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode = Cli.run("harness", new HarnessMain(), args);
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
