package io.manometer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test of the bench command: a tiny run completes without failures and reports both stores. */
class IngestBenchTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void a_tiny_run_stores_every_reading_once_and_reports_both_stores() throws Exception {
        Path out = dir.resolve("ingest.md");

        int exitCode = Cli.run("bench", new BenchMain(), "ingest", "--devices", "2", "--in-flight", "1",
                "--readings", "20", "--rounds", "1", "--warmup-rounds", "0", "--out", out.toString());

        assertEquals(0, exitCode);
        String report = Files.readString(out);
        assertTrue(report.contains("2 devices × 1 in flight, 1 rounds of 20 readings"), report);
        assertTrue(report.contains("\n| in-memory | "), report);
        assertTrue(report.contains("\n| sqlite | "), report);
        assertTrue(report.contains("**ratio sqlite / in-memory: "), report);
        assertTrue(report.contains("failures: 0 "), report);
    }

    @Test
    void duration_and_readings_together_are_a_usage_error() {
        int exitCode = Cli.run("bench", new BenchMain(), "ingest", "--duration", "1s", "--readings", "10");

        assertEquals(Cli.USAGE, exitCode);
    }

    @Test
    void a_timed_limit_reads_like_the_command_line() {
        assertEquals("10 s", new LoadLimit.Timed(Duration.ofSeconds(10)).describe());
        assertEquals("500 ms", new LoadLimit.Timed(Duration.ofMillis(500)).describe());
    }

    @Test
    void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assertEquals(2.5, IngestReport.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertEquals(2.0, IngestReport.median(List.of(3.0, 1.0, 2.0)));
    }
}
