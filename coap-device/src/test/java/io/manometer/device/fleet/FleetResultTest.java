package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetResultTest {

    static FleetResult sample(double p50) {
        return sample(p50, false);
    }

    static FleetResult sample(double p50, boolean interrupted) {
        Map<String, Long> failures = new LinkedHashMap<>();
        failures.put("handshake", 1L);
        failures.put("timeout", 2L);
        return new FleetResult(Workload.READINGS, CredentialMode.ECDHE_PSK, 20, 20, 0.5, 40, 1000, 998, 99.8, 100,
                p50, 3.25, 7.5, 3, failures, 4, 5, 10, "virtual", interrupted);
    }

    @Test
    void json_is_one_object_with_snake_case_keys_in_a_fixed_order() {
        assertEquals("{\"workload\":\"readings\",\"mode\":\"ecdhe-psk\",\"devices\":20,\"handshakes\":20,"
                + "\"handshake_seconds\":0.500,\"handshakes_per_second\":40.000,\"requests\":1000,"
                + "\"readings_acknowledged\":998,\"readings_per_second\":99.800,\"requests_per_second\":100.000,"
                + "\"latency_p50_ms\":1.125,\"latency_p95_ms\":3.250,\"latency_p99_ms\":7.500,\"failures\":3,"
                + "\"failures_by_kind\":{\"handshake\":1,\"timeout\":2},\"coap_retransmissions\":4,"
                + "\"dtls_flight_retransmissions\":5,\"seconds\":10.000,\"receiver_threads\":\"virtual\"}",
                sample(1.125).toJson());
    }

    @Test
    void an_interrupted_run_ends_its_json_with_interrupted_true_and_a_complete_run_has_no_such_key() {
        assertTrue(sample(1, true).toJson().endsWith(",\"receiver_threads\":\"virtual\",\"interrupted\":true}"),
                sample(1, true).toJson());
        assertFalse(sample(1, false).toJson().contains("interrupted"));
    }

    @Test
    void an_interrupted_run_says_so_in_the_last_line_of_its_table() {
        String table = FleetReport.table(sample(1.125, true));

        assertTrue(table.startsWith(FleetReport.table(sample(1.125, false)) + System.lineSeparator()), table);
        assertTrue(table.lines().reduce((first, second) -> second).orElseThrow().startsWith("interrupted "), table);
        assertFalse(FleetReport.table(sample(1.125, false)).contains("interrupted"));
    }

    @Test
    void a_percentile_without_samples_is_null_in_json() {
        assertTrue(sample(Double.NaN).toJson().contains("\"latency_p50_ms\":null,"));
    }

    @Test
    void failures_by_kind_are_a_copy_that_cannot_change() {
        FleetResult result = sample(1);

        assertThrows(UnsupportedOperationException.class, () -> result.failuresByKind().put("local", 1L));
    }

    @Test
    void the_table_names_every_figure_of_the_summary() {
        String table = FleetReport.table(sample(1.125));

        assertTrue(table.contains("readings, ecdhe-psk, 20 devices, virtual receiver threads"), table);
        assertTrue(table.contains("20 in 0.50 s (40.0/s)"), table);
        assertTrue(table.contains("998 acknowledged in 10.00 s (99.8/s); 1000 requests (100.0/s)"), table);
        assertTrue(table.contains("p50 1.13 ms  p95 3.25 ms  p99 7.50 ms"), table);
        assertTrue(table.contains("3 (handshake 1, timeout 2)"), table);
        assertTrue(table.contains("CoAP 4, DTLS flights 5"), table);
    }
}
