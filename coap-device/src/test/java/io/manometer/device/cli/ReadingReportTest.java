package io.manometer.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.device.publish.SessionInfo;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingReportTest {

    private static final PressureReading READING = new PressureReading(DeviceId.of("dev-1"), 17, 101.325,
            Instant.parse("2026-11-22T10:00:00Z"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void an_answered_reading_is_one_json_line() {
        new ReadingReport(out, true).reading(READING, answered("2.01", "", 1, 3.2));

        assertEquals(List.of("{\"seq\":17,\"kPa\":101.325,\"code\":\"2.01\",\"retransmissions\":1,\"rtt_ms\":3.2}"),
                lines());
    }

    @Test
    void an_answer_with_a_diagnostic_carries_it() {
        new ReadingReport(out, true).reading(READING, answered("4.00", "kPa out of \"range\"", 0, 12.345));

        assertEquals(List.of("{\"seq\":17,\"kPa\":101.325,\"code\":\"4.00\",\"retransmissions\":0,\"rtt_ms\":12.3,"
                + "\"diagnostic\":\"kPa out of \\\"range\\\"\"}"), lines());
    }

    @Test
    void an_unknown_round_trip_time_is_minus_one() {
        new ReadingReport(out, true).reading(READING, answered("2.04", "", 0, -1));

        assertEquals(List.of("{\"seq\":17,\"kPa\":101.325,\"code\":\"2.04\",\"retransmissions\":0,\"rtt_ms\":-1}"),
                lines());
    }

    @Test
    void a_failed_reading_has_code_none_and_the_reason() {
        new ReadingReport(out, true).reading(READING,
                new PublishResult.Failed("no response after 4 retransmissions", FailureKind.TIMEOUT, 4));

        assertEquals(List.of("{\"seq\":17,\"kPa\":101.325,\"code\":\"none\",\"retransmissions\":4,"
                + "\"error\":\"no response after 4 retransmissions\"}"), lines());
    }

    @Test
    void the_session_is_one_json_line() {
        SessionInfo session = new SessionInfo("DTLSv1.2", "TLS_PSK_WITH_AES_128_CCM_8", List.of("psk identity dev-1"),
                12.34, 0, true);

        new ReadingReport(out, true).session("dev-1", "psk", "coaps://127.0.0.1:5684", session);

        assertEquals(List.of("{\"event\":\"session\",\"device\":\"dev-1\",\"mode\":\"psk\",\"protocol\":\"DTLSv1.2\","
                + "\"cipher_suite\":\"TLS_PSK_WITH_AES_128_CCM_8\",\"handshake_ms\":12.3,"
                + "\"flight_retransmissions\":0,\"connection_id\":true,\"server_identity\":[\"psk identity dev-1\"]}"),
                lines());
    }

    @Test
    void the_summary_is_one_json_line() {
        new ReadingReport(out, true).summary(3, 2, 5);

        assertEquals(List.of("{\"event\":\"summary\",\"sent\":3,\"acknowledged\":2,\"retransmissions\":5}"), lines());
    }

    @Test
    void resending_prints_nothing_in_json_mode() {
        new ReadingReport(out, true).resend(READING);

        assertEquals(List.of(), lines());
    }

    @Test
    void every_json_run_is_one_object_per_line() {
        ReadingReport report = new ReadingReport(out, true);
        report.resend(READING);
        report.reading(READING, answered("2.04", "", 0, 1.0));
        report.reading(READING, answered("2.01", "", 2, 250.0));
        report.summary(2, 2, 2);

        List<String> lines = lines();
        assertEquals(3, lines.size());
        lines.forEach(line -> assertEquals('{', line.charAt(0)));
    }

    @Test
    void text_mode_prints_one_readable_line_per_reading() {
        new ReadingReport(out, false).reading(READING, answered("2.01", "", 1, 3.2));

        assertEquals(List.of("seq=17 kPa=101.325 code=2.01 retransmissions=1 rtt=3.2ms"), lines());
    }

    private static PublishResult.Answered answered(String code, String diagnostic, int retransmissions,
            double rttMillis) {
        return new PublishResult.Answered(code, code.startsWith("2."), diagnostic, new byte[0], retransmissions,
                rttMillis);
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
