package io.manometer.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.manometer.bench.BenchMain;
import io.manometer.bench.libcoap.LibcoapServer;
import io.manometer.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's check that {@code bench/run.sh --smoke} still works: the suite with its smoke settings writes a report with
 * every section, and each measured figure is above zero. Speed is never asserted here.
 */
class BenchSuiteSmokeTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void a_smoke_run_writes_every_section_with_numbers_above_zero() throws Exception {
        requireLibcoap();
        Path out = dir.resolve("results.md");
        Path findings = dir.resolve("FINDINGS.md");
        Files.writeString(findings, "# Findings\n\n## Explanations\n\n- `psk-handshakes`: explained by hand\n");

        int exitCode = Cli.run("bench", new BenchMain(), "suite", "--smoke", "--out", out.toString(), "--findings",
                findings.toString());

        assertEquals(0, exitCode);
        String report = Files.readString(out);
        for (String section : List.of("# Manometer benchmark results", "| machine | ", "| command | ",
                "### Crypto bound (JMH", "### UDP request bound", "## Full handshakes per mode at saturation",
                "## Durable readings over established sessions", "## Heap per idle DTLS session",
                "## Side by side with libcoap (PSK)", "## Targets")) {
            assertTrue(report.contains(section), "missing " + section + "\n" + report);
        }
        assertTrue(report.strip().endsWith("|"), "the report ends with the Targets table\n" + report);
        for (String mode : List.of("psk", "ecdhe-psk", "rpk", "x509")) {
            assertPositive(report, "^\\| " + mode + " \\| ([0-9,.]+) \\|", mode + " server handshakes/s");
        }
        for (String op : List.of("EC key generation", "ECDH agreement", "SHA256withECDSA sign",
                "SHA256withECDSA verify")) {
            assertPositive(report, "^\\| " + op + "[^|]* \\| ([0-9,.]+) \\|$", op + " µs/op");
        }
        assertPositive(report, "\\*\\*([0-9,.]+) requests/s\\*\\*", "UDP bound");
        assertPositive(report, "^\\| 1 \\| ([0-9,.]+) \\|", "durable readings/s, batch 1");
        assertTrue(report.contains(" ✓ |"), "rows in store match the acknowledged readings\n" + report);
        assertPositive(report, "^\\| 200 \\| ([0-9,.]+) \\|", "server sessions for the 200-session heap step");
        assertPositive(report, "^\\| 1,000 \\| [0-9,]+ \\| [^|]+ \\| [^|]+ \\| ([0-9,]+) \\|", "bytes per session");
        for (String server : List.of("libcoap coap-server-openssl", "Manometer, in-memory store",
                "Manometer, SQLite store")) {
            assertPositive(report, "^\\| " + Pattern.quote(server) + " \\| ([0-9,.]+) \\|", server + " handshakes/s");
            assertPositive(report, "^\\| " + Pattern.quote(server) + " \\| [0-9,.]+ \\| ([0-9,.]+) \\|",
                    server + " requests/s");
        }
        assertTrue(report.contains("| `psk-handshakes` |") && report.contains("explained by hand |"),
                "the Targets table carries the hand-written explanation\n" + report);
        assertTrue(report.contains("| `heap-1000` |"), report);
    }

    @Test
    void sessions_that_are_not_a_multiple_of_the_devices_are_a_usage_error() {
        int exitCode = Cli.run("bench", new BenchMain(), "suite", "--smoke", "--sessions", "150");

        assertEquals(Cli.USAGE, exitCode);
    }

    /** Missing libcoap skips the test on a developer's machine but fails it in CI, where .ci/run installs it. */
    private static void requireLibcoap() {
        if (LibcoapServer.find().isPresent()) {
            return;
        }
        String message = LibcoapServer.COMMAND + " is not on the PATH: apt-get install libcoap3-bin";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
    }

    private static void assertPositive(String report, String regex, String what) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(report);
        assertTrue(m.find(), "no " + what + " in the report\n" + report);
        double value = Double.parseDouble(m.group(1).replace(",", ""));
        assertTrue(value > 0, String.format(Locale.ROOT, "%s is %s, not above 0%n%s", what, m.group(1), report));
    }
}
