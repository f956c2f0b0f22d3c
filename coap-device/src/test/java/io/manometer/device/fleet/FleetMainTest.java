package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.dtls.CredentialMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FleetMainTest {

    @Test
    void options_follow_the_command_line() {
        FleetOptions options = parse("--credentials", "creds", "--devices", "10000", "--first-device", "11",
                "--mode", "x509", "--rate", "500/s", "--duration", "2m", "--server", "coaps://10.0.0.2:15684",
                "--workload", "sessions", "--concurrency", "64", "--in-flight", "4", "--batch", "5",
                "--sessions-per-device", "10", "--threads", "3", "--close-sessions").options();

        assertEquals(Path.of("creds"), options.credentials());
        assertEquals(10_000, options.devices());
        assertEquals(11, options.firstDevice());
        assertEquals(CredentialMode.X509, options.mode());
        assertEquals(500.0, options.rate());
        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(URI.create("coaps://10.0.0.2:15684"), options.server());
        assertEquals(Workload.SESSIONS, options.workload());
        assertEquals(64, options.concurrency());
        assertEquals(4, options.inFlight());
        assertEquals(5, options.batch());
        assertEquals(10, options.sessionsPerDevice());
        assertEquals(3, options.threads());
        assertTrue(options.closeSessions());
    }

    @Test
    void defaults_match_the_api_defaults() {
        assertEquals(FleetOptions.builder(Path.of("creds")).build(), parse("--credentials", "creds").options());
    }

    @Test
    void a_rate_is_a_number_with_an_optional_per_second() {
        assertEquals(500.0, FleetMain.parseRate("500/s"));
        assertEquals(500.0, FleetMain.parseRate("500"));
        assertEquals(12.5, FleetMain.parseRate(" 12.5/S "));
        assertEquals(0.0, FleetMain.parseRate("0"));
        assertEquals(Cli.USAGE, assertThrows(CliException.class, () -> FleetMain.parseRate("fast")).exitCode());
        assertEquals(Cli.USAGE, assertThrows(CliException.class, () -> FleetMain.parseRate("-5")).exitCode());
        assertEquals(Cli.USAGE, assertThrows(CliException.class, () -> FleetMain.parseRate("5/m")).exitCode());
    }

    @Test
    void an_unknown_mode_workload_or_server_scheme_and_a_zero_count_are_usage_errors() {
        assertUsage("--mode", "rsa");
        assertUsage("--workload", "floods");
        assertUsage("--server", "coap://127.0.0.1:5683");
        assertUsage("--server", "coaps://bad host");
        assertUsage("--devices", "0");
        assertUsage("--batch", "0");
        assertUsage("--batch", "65");
        assertUsage("--in-flight", "-1");
    }

    @Test
    void help_and_bad_input_end_with_the_usual_exit_codes() {
        assertEquals(0, Cli.run("fleet", new FleetMain(), "--help"));
        assertEquals(Cli.USAGE, Cli.run("fleet", new FleetMain(), "--devices", "5"));
        assertEquals(Cli.USAGE, Cli.run("fleet", new FleetMain(), "--credentials", "c", "--devices", "many"));
        assertEquals(Cli.USAGE, Cli.run("fleet", new FleetMain(), "--credentials", "c", "--duration", "soon"));
        assertEquals(Cli.USAGE, Cli.run("fleet", new FleetMain(), "--credentials", "c", "--rate", "lots"));
    }

    @Test
    void a_folder_without_device_credentials_is_a_failure_not_a_crash(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("empty"));

        assertEquals(Cli.FAILURE, Cli.run("fleet", new FleetMain(), "--credentials",
                folder.resolve("empty").toString(), "--duration", "1s"));
    }

    private static void assertUsage(String... option) {
        String[] args = new String[option.length + 2];
        args[0] = "--credentials";
        args[1] = "creds";
        System.arraycopy(option, 0, args, 2, option.length);
        assertEquals(Cli.USAGE, assertThrows(CliException.class, () -> parse(args).options()).exitCode(),
                String.join(" ", option));
    }

    private static FleetMain parse(String... args) {
        FleetMain main = new FleetMain();
        new CommandLine(main).registerConverter(Duration.class, Cli::parseDuration).parseArgs(args);
        return main;
    }
}
