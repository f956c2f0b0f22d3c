package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareCsvTest {

    @Test
    void the_header_starts_with_the_columns_the_issue_names() {
        assertEquals(List.of("mode", "datagrams", "bytes_up", "bytes_down", "handshake_bytes", "handshake_ms_p50",
                "handshake_ms_p95", "server_cpu_ms", "client_cpu_ms"), CompareCsv.COLUMNS.subList(0, 9));
    }

    @Test
    void one_row_per_mode_with_a_value_for_every_column() {
        String[] lines = CompareCsv.write(SampleResults.twoModes()).split("\n");

        assertEquals(3, lines.length);
        assertEquals(String.join(",", CompareCsv.COLUMNS), lines[0]);
        for (int i = 1; i < lines.length; i++) {
            assertEquals(CompareCsv.COLUMNS.size(), lines[i].split(",", -1).length, lines[i]);
        }
    }

    @Test
    void cells_hold_the_measured_values() {
        Map<String, String> psk = row(CompareCsv.write(SampleResults.twoModes()), 1);

        assertEquals("psk", psk.get("mode"));
        assertEquals("2", psk.get("datagrams"));
        assertEquals("80", psk.get("bytes_up"));
        assertEquals("25", psk.get("bytes_down"));
        assertEquals("105", psk.get("handshake_bytes"));
        assertEquals("161", psk.get("handshake_bytes_with_ipv4_udp"));
        assertEquals("4.25", psk.get("handshake_ms_p50"));
        assertEquals("1.5", psk.get("server_cpu_ms"));
        assertEquals("4000", psk.get("server_cpu_bound_per_s"));
        assertEquals("0.5", psk.get("server_cpu_ms_saturated"));
        assertEquals("600", psk.get("server_handshakes_per_s"));
        assertEquals("abbreviated", psk.get("resumption"));
        assertEquals("100", psk.get("rtt_ms"));
        assertEquals("0.98", psk.get("loss_completion"));
        assertEquals("308", psk.get("rfc_min_bytes"));
        assertEquals("467", psk.get("rfc_min_bytes_hvr"));
        assertEquals("331", psk.get("dtls13_bytes"));
        assertEquals("345", psk.get("dtls13_bytes_cid"));
        assertEquals("", row(CompareCsv.write(SampleResults.twoModes()), 2).get("server_handshakes_per_s"));
    }

    @Test
    void numbers_have_a_dot_and_no_trailing_zeros() {
        assertEquals("2", CompareCsv.d(2.0));
        assertEquals("0.125", CompareCsv.d(0.125));
        assertEquals("3.333", CompareCsv.d(10 / 3.0));
        assertEquals("", CompareCsv.d(Double.NaN));
    }

    private static Map<String, String> row(String csv, int line) {
        String[] lines = csv.split("\n");
        List<String> header = Arrays.asList(lines[0].split(","));
        String[] cells = lines[line].split(",", -1);
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), cells[i]);
        }
        return row;
    }
}
