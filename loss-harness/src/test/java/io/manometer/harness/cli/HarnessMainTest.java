package io.manometer.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.harness.link.GilbertElliott;
import io.manometer.harness.link.Impairment;
import io.manometer.harness.link.LinkConfig;
import io.manometer.harness.link.RebindPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class HarnessMainTest {

    @Test
    void loss_applies_to_both_directions_unless_a_direction_overrides_it() {
        LinkConfig config = config("--loss", "20", "--loss-down", "5%");

        assertEquals(20, config.up().lossPercent());
        assertEquals(5, config.down().lossPercent());
    }

    @Test
    void every_proxy_option_reaches_the_link_config() throws Exception {
        LinkConfig config = config("--listen", "127.0.0.1:0", "--target", "[::1]:5700", "--burst", "1,25,80",
                "--dup", "2", "--reorder", "3", "--reorder-hold", "20ms", "--delay", "20ms", "--jitter", "10ms",
                "--mtu", "1280", "--replay", "4", "--replay-delay", "2s", "--drop-up", "1,3", "--drop-down", "2",
                "--rebind-every", "10", "--rebind-idle", "30s", "--seed", "7", "--pcap", "out.pcapng");

        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config.listen());
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 5700), config.target());
        Impairment up = config.up();
        assertEquals(new GilbertElliott(1, 25, 80), up.burst());
        assertEquals(2, up.duplicatePercent());
        assertEquals(3, up.reorderPercent());
        assertEquals(Duration.ofMillis(20), up.reorderMaxHold());
        assertEquals(Duration.ofMillis(20), up.delay());
        assertEquals(Duration.ofMillis(10), up.jitter());
        assertEquals(1280, up.mtu());
        assertEquals(4, up.replayPercent());
        assertEquals(Duration.ofSeconds(2), up.replayDelay());
        assertEquals(List.of(1L, 3L), List.copyOf(up.scriptedDrops()));
        assertEquals(List.of(2L), List.copyOf(config.down().scriptedDrops()));
        assertEquals(up.toBuilder().scriptedDrops(List.of(2L)).build(), config.down());
        assertEquals(new RebindPolicy(10, Duration.ofSeconds(30)), config.rebind());
        assertEquals(7, config.seed());
        assertEquals(Path.of("out.pcapng"), config.pcap().orElseThrow());
    }

    @Test
    void the_defaults_are_a_perfect_link_from_15684_to_5684_with_seed_42() {
        LinkConfig config = config();

        assertEquals(15684, config.listen().getPort());
        assertEquals(5684, config.target().getPort());
        assertTrue(config.up().isNone() && config.down().isNone());
        assertEquals(42, config.seed());
        assertEquals(RebindPolicy.OFF, config.rebind());
    }

    @Test
    void the_startup_line_names_both_ends_both_directions_and_the_seed() {
        LinkConfig config = config("--loss", "20", "--delay", "20ms", "--jitter", "10ms", "--rebind-every", "5");

        assertEquals("manometer harness listening on 127.0.0.1:15684 -> 127.0.0.1:5684"
                + " up[loss=20% delay=20ms±10ms] down[loss=20% delay=20ms±10ms] seed=42 rebind[every=5]",
                ProxyMain.startupLine(config, config.listen()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1,2,3,4", "x,1", "1,0", "101,5"})
    void malformed_bursts_are_usage_errors(String burst) {
        assertEquals(Cli.USAGE, assertThrows(CliException.class, () -> ProxyOptions.burst(burst)).exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "1.2.3.4:70000", "[::1]", "::1:5684", ":5684"})
    void malformed_addresses_are_usage_errors(String address) {
        CliException e = assertThrows(CliException.class, () -> HostPort.parse("--target", address));

        assertEquals(Cli.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("--target"), e.getMessage());
    }

    @Test
    void bad_input_is_one_line_and_exit_code_2() {
        Run run = run("proxy", "--loss-up", "120");

        assertEquals(Cli.USAGE, run.exitCode());
        assertEquals("harness: --loss-up must be 0..100, got 120.0", run.err().strip());
        assertEquals(Cli.USAGE, run("proxy", "--mtu", "-5").exitCode());
        assertEquals(Cli.USAGE, run("proxy", "--delay", "soon").exitCode());
        assertEquals(Cli.USAGE, run("proxy", "--dup", "lots").exitCode());
    }

    @Test
    void matrix_refuses_an_unknown_option_with_exit_code_2() {
        Run run = run("matrix", "--anything");

        assertEquals(Cli.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("harness: Unknown option: '--anything'"), run.err());
    }

    @Test
    void no_subcommand_is_one_line_and_exit_code_2() {
        Run run = run();

        assertEquals(Cli.USAGE, run.exitCode());
        assertEquals("harness: missing command: proxy or matrix (try 'manometer harness --help')", run.err().strip());
    }

    @Test
    void help_lists_the_proxy_options() {
        Run run = run("proxy", "--help");

        assertEquals(0, run.exitCode());
        for (String option : List.of("--listen", "--target", "--loss-up", "--burst", "--replay", "--drop-up",
                "--rebind-every", "--pcap", "--stats-interval")) {
            assertTrue(run.out().contains(option), option);
        }
    }

    private static LinkConfig config(String... args) {
        ProxyMain options = new ProxyMain();
        new CommandLine(options).registerConverter(Duration.class, Cli::parseDuration).parseArgs(args);
        return ProxyOptions.config(options);
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
