package io.manometer.harness.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.harness.cli.HarnessMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FuzzMainTest {

    @Test
    void help_lists_the_options() {
        Run run = run("fuzz", "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("--datagrams"), run.out());
        assertTrue(run.out().contains("--server"), run.out());
    }

    @Test
    void an_external_server_without_credentials_is_one_readable_line() {
        Run run = run("fuzz", "--server", "coaps://127.0.0.1:5684");
        assertEquals(Cli.USAGE, run.code());
        assertEquals("harness: an external server needs --credentials with the fuzzing devices", run.err().strip());
    }

    @Test
    void a_negative_count_is_refused() {
        Run run = run("fuzz", "--datagrams", "-1");
        assertEquals(Cli.USAGE, run.code());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Cli.run("harness", new HarnessMain(), args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
