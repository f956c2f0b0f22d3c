package io.manometer.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.server.storage.SqliteReadingStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingsMainTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final String NL = System.lineSeparator();

    /** Two devices, stored out of order; the export must come out by device, then seq. */
    private static final List<PressureReading> READINGS = List.of(
            reading("dev-1", 1, 100_000, T0.plusSeconds(61)),
            reading("boiler-12", 1000, 0.5, T0.plusSeconds(120)),
            reading("boiler-12", 0, 101.325, T0),
            reading("dev-1", 0, 99.8, T0.plusMillis(1250)),
            reading("boiler-12", 1, 101.3, T0.plusSeconds(60)));

    @TempDir
    Path dir;

    @Test
    void csv_export_is_rfc_4180_ordered_by_device_then_seq_without_a_summary() {
        Path db = database(READINGS);

        Run run = run("--db", db.toString(), "--csv");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("device,seq,kPa,ts\r\n"
                + "boiler-12,0,101.325,2026-11-22T10:00:00Z\r\n"
                + "boiler-12,1,101.3,2026-11-22T10:01:00Z\r\n"
                + "boiler-12,1000,0.5,2026-11-22T10:02:00Z\r\n"
                + "dev-1,0,99.8,2026-11-22T10:00:01.250Z\r\n"
                + "dev-1,1,100000,2026-11-22T10:01:01Z\r\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void table_aligns_columns_and_ends_with_a_summary() {
        Path db = database(READINGS);

        Run run = run("--db", db.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(lines(
                "device      seq     kPa      ts",
                "boiler-12     0     101.325  2026-11-22T10:00:00Z",
                "boiler-12     1     101.3    2026-11-22T10:01:00Z",
                "boiler-12  1000       0.5    2026-11-22T10:02:00Z",
                "dev-1         0      99.8    2026-11-22T10:00:01.250Z",
                "dev-1         1  100000      2026-11-22T10:01:01Z",
                "5 readings, 2 devices"), run.out());
    }

    @Test
    void device_filter_lists_only_that_device() {
        Path db = database(READINGS);

        Run table = run("--db", db.toString(), "--device", "dev-1");
        Run csv = run("--db", db.toString(), "--device", "dev-1", "--csv");

        assertEquals(lines(
                "device  seq     kPa      ts",
                "dev-1     0      99.8    2026-11-22T10:00:01.250Z",
                "dev-1     1  100000      2026-11-22T10:01:01Z",
                "2 readings, 1 device"), table.out());
        assertEquals("device,seq,kPa,ts\r\n"
                + "dev-1,0,99.8,2026-11-22T10:00:01.250Z\r\n"
                + "dev-1,1,100000,2026-11-22T10:01:01Z\r\n", csv.out());
    }

    @Test
    void limit_keeps_the_newest_readings_of_each_device_oldest_first() {
        Path db = database(READINGS);

        Run run = run("--db", db.toString(), "--limit", "2", "--csv");
        Run oneDevice = run("--db", db.toString(), "--limit", "1", "--device", "boiler-12");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("device,seq,kPa,ts\r\n"
                + "boiler-12,1,101.3,2026-11-22T10:01:00Z\r\n"
                + "boiler-12,1000,0.5,2026-11-22T10:02:00Z\r\n"
                + "dev-1,0,99.8,2026-11-22T10:00:01.250Z\r\n"
                + "dev-1,1,100000,2026-11-22T10:01:01Z\r\n", run.out());
        assertTrue(oneDevice.out().endsWith("boiler-12  1000       0.5    2026-11-22T10:02:00Z" + NL
                + "1 reading, 1 device" + NL), oneDevice.out());
    }

    @Test
    void an_empty_database_prints_0_readings_and_succeeds() {
        Path db = database(List.of());

        Run table = run("--db", db.toString());
        Run csv = run("--db", db.toString(), "--csv");
        Run unknownDevice = run("--db", database(READINGS).toString(), "--device", "dev-9");

        assertEquals(0, table.exitCode(), table.err());
        assertEquals("0 readings" + NL, table.out());
        assertEquals(0, csv.exitCode(), csv.err());
        assertEquals("device,seq,kPa,ts\r\n", csv.out());
        assertEquals("0 readings" + NL, unknownDevice.out());
    }

    @Test
    void a_database_the_server_holds_open_can_be_read_meanwhile() {
        Path db = dir.resolve("live.db");
        try (SqliteReadingStore server = SqliteReadingStore.open(db, CLOCK)) {
            server.store(reading("dev-1", 0, 101.325, T0)).join();

            Run first = run("--db", db.toString(), "--csv");
            server.store(reading("dev-1", 1, 101.5, T0.plusSeconds(1))).join();
            Run second = run("--db", db.toString(), "--csv");

            assertEquals(0, first.exitCode(), first.err());
            assertEquals("device,seq,kPa,ts\r\ndev-1,0,101.325,2026-11-22T10:00:00Z\r\n", first.out());
            assertEquals(0, second.exitCode(), second.err());
            assertTrue(second.out().endsWith("dev-1,1,101.5,2026-11-22T10:00:01Z\r\n"), second.out());
        }
    }

    @Test
    void a_missing_database_is_one_line_with_a_hint_and_exit_code_1() {
        Path missing = dir.resolve("none.db");

        Run run = run("--db", missing.toString());

        assertEquals(Cli.FAILURE, run.exitCode());
        assertEquals("", run.out());
        assertEquals("readings: no database at " + missing + " (start the server, or pass --db FILE)" + NL,
                run.err());
        assertTrue(Files.notExists(missing), "reading must not create the database");
    }

    @Test
    void a_file_that_is_not_a_database_is_one_line_and_exit_code_1() throws Exception {
        Path notADatabase = Files.writeString(dir.resolve("notes.txt"), "not sqlite, just text\n".repeat(100));

        Run run = run("--db", notADatabase.toString());

        assertEquals(Cli.FAILURE, run.exitCode());
        assertTrue(run.err().startsWith("readings: cannot read database " + notADatabase), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void an_invalid_device_id_is_a_usage_error() {
        Path db = database(READINGS);

        Run run = run("--db", db.toString(), "--device", "dev 1,x");

        assertEquals(Cli.USAGE, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("readings: --device: invalid device id 'dev 1,x'"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void a_limit_below_1_is_a_usage_error() {
        Run run = run("--db", database(READINGS).toString(), "--limit", "0");

        assertEquals(Cli.USAGE, run.exitCode());
        assertEquals("readings: --limit must be at least 1, got 0" + NL, run.err());
    }

    @Test
    void help_describes_every_option() {
        Run run = run("--help");

        assertEquals(0, run.exitCode(), run.err());
        for (String option : List.of("--db", "--device", "--limit", "--csv", "--help", "--version")) {
            assertTrue(run.out().contains(option), option + " missing in:" + NL + run.out());
        }
        assertTrue(run.out().contains("data/readings.db"), run.out());
    }

    @Test
    void csv_fields_are_quoted_only_when_they_need_it() {
        assertEquals("dev-1", ReadingsMain.csvField("dev-1"));
        assertEquals("\"a,b\"", ReadingsMain.csvField("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ReadingsMain.csvField("say \"hi\""));
        assertEquals("\"two\nlines\"", ReadingsMain.csvField("two\nlines"));
    }

    @Test
    void kpa_is_the_shortest_exact_decimal_aligned_on_the_point() {
        assertEquals("   101.325", ReadingsMain.alignedKpa(101.325));
        assertEquals("     0    ", ReadingsMain.alignedKpa(0));
        assertEquals("100000    ", ReadingsMain.alignedKpa(100_000));
        assertEquals("     0.30000000000000004", ReadingsMain.alignedKpa(0.1 + 0.2));
    }

    private Path database(List<PressureReading> readings) {
        Path db = dir.resolve("readings-" + readings.size() + ".db");
        try (SqliteReadingStore store = SqliteReadingStore.open(db, CLOCK)) {
            readings.forEach(reading -> store.store(reading).join());
        }
        return db;
    }

    private static PressureReading reading(String device, long seq, double kPa, Instant ts) {
        return new PressureReading(DeviceId.of(device), seq, kPa, ts);
    }

    private static String lines(String... lines) {
        return String.join(NL, lines) + NL;
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs the command line as {@code main} would, capturing what it prints. */
    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode = Cli.run("readings", new ReadingsMain(), args);
            System.out.flush();
            System.err.flush();
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
