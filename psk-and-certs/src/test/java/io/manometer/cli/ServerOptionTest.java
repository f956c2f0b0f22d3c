package io.manometer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ServerOptionTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ServerOption server;
    }

    @Test
    void without_the_option_the_server_is_the_local_default() {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs();

        assertEquals(URI.create("coaps://127.0.0.1:5684"), probe.server.uri());
        assertEquals("coaps://127.0.0.1:5684", probe.server.text());
    }

    @Test
    void the_option_names_another_server() {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs("--server", "coaps://[::1]:15684");

        assertEquals(URI.create("coaps://[::1]:15684"), probe.server.uri());
    }

    @ParameterizedTest
    @ValueSource(strings = {"coap://127.0.0.1:5683", "https://example.org", "coaps:///pressure", "//127.0.0.1:5684"})
    void anything_but_a_coaps_uri_with_a_host_is_a_usage_error(String text) {
        CliException e = assertThrows(CliException.class, () -> ServerOption.parse(text));

        assertEquals(Cli.USAGE, e.exitCode());
        assertEquals("--server must be a coaps:// URI such as coaps://127.0.0.1:5684", e.getMessage());
    }

    @Test
    void a_malformed_uri_says_where() {
        CliException e = assertThrows(CliException.class, () -> ServerOption.parse("coaps://bad host"));

        assertEquals(Cli.USAGE, e.exitCode());
        assertEquals("--server is not a URI: Illegal character in authority at index 8: coaps://bad host",
                e.getMessage());
    }
}
