package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompareReportTest {

    private static final String REPORT = CompareReport.write(SampleResults.twoModes());

    @Test
    void the_report_has_every_section() {
        List<String> headings = List.of("## Full handshakes on loopback", "## Against the published figures",
                "### Where the bytes go: psk", "## The lean profile", "## Session resumption",
                "## Bytes per application record", "## Fresh devices over the link: rtt 100 ms",
                "## Server at saturation", "## What each mode needs on a device", "## Method",
                "### RFC minimum, message by message");
        for (String heading : headings) {
            assertTrue(REPORT.contains(heading), heading);
        }
    }

    @Test
    void the_report_embeds_its_charts_and_names_the_published_figures() {
        assertTrue(REPORT.contains("![handshake-bytes](handshake-bytes.svg)"));
        assertTrue(REPORT.contains("331–345"));
        assertTrue(REPORT.contains("467 / 308"));
        assertTrue(REPORT.contains("DTLS.SERVER_USE_SESSION_ID=false"));
    }

    @Test
    void every_table_row_has_as_many_cells_as_its_header() {
        int columns = -1;
        for (String line : REPORT.split("\n")) {
            if (!line.startsWith("|")) {
                columns = -1;
                continue;
            }
            int cells = line.replace("\\|", "").split("\\|", -1).length - 2;
            if (columns < 0) {
                columns = cells;
            }
            assertTrue(cells == columns, "row with " + cells + " cells under a header with " + columns + ": " + line);
        }
    }
}
