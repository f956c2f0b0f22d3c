package io.manometer.server.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerMainTest {

    @Test
    void the_dtls_anti_replay_filter_is_on_by_default() {
        ServerMain main = parse("--credentials", "credentials");

        assertTrue(main.configuration().get(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER));
    }

    @Test
    void no_anti_replay_switches_the_dtls_anti_replay_filter_off() {
        ServerMain main = parse("--credentials", "credentials", "--no-anti-replay");

        assertFalse(main.configuration().get(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER));
    }

    @Test
    void the_help_marks_no_anti_replay_as_for_experiments_only() {
        String help = new CommandLine(new ServerMain()).getUsageMessage();

        assertTrue(help.contains("--no-anti-replay"), help);
        assertTrue(help.contains("FOR EXPERIMENTS ONLY"), help);
    }

    private static ServerMain parse(String... args) {
        ServerMain main = new ServerMain();
        new CommandLine(main).parseArgs(args);
        return main;
    }
}
