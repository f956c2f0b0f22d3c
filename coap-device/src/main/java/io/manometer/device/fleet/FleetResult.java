package io.manometer.device.fleet;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The summary of one fleet run, for the CLI's table, its {@code --json} object and the bench. Rates are per second
 * of the measured phase: handshakes over {@code handshakeSeconds}, readings and requests over {@code seconds}.
 *
 * @param handshakes DTLS handshakes completed by all endpoints over the whole run
 * @param handshakeSeconds the READINGS ramp, or the whole measured phase for HANDSHAKES and SESSIONS
 * @param requests POSTs sent in the measured phase (the READINGS ramp's connecting GETs are not counted)
 * @param readingsAcknowledged readings the server stored or already had (2.01/2.04); {@code batch} per request
 * @param latencyP50Ms latency of acknowledged requests (from the due time in an open loop); NaN without samples
 * @param failures requests (or devices, for {@code not_connected}) that did not succeed, over the whole run
 * @param failuresByKind {@code failures} by kind, every kind listed: handshake, timeout, rejected_4xx,
 *        rejected_5xx, local, unfinished, not_connected
 * @param seconds the measured phase, from its start to its last outcome
 * @param receiverThreads "virtual" or "platform": which kind of DTLS receiver thread each endpoint used
 * @param interrupted a {@link FleetStop} (Ctrl-C) ended the run early: the figures cover the time that ran
 */
public record FleetResult(Workload workload, CredentialMode mode, int devices,
        long handshakes, double handshakeSeconds, double handshakesPerSecond,
        long requests, long readingsAcknowledged, double readingsPerSecond, double requestsPerSecond,
        double latencyP50Ms, double latencyP95Ms, double latencyP99Ms,
        long failures, Map<String, Long> failuresByKind, long coapRetransmissions, long dtlsFlightRetransmissions,
        double seconds, String receiverThreads, boolean interrupted) {

    public FleetResult {
        failuresByKind = Collections.unmodifiableMap(new LinkedHashMap<>(failuresByKind));
    }

    /**
     * One JSON object on one line, snake_case keys; NaN (no sample) is written as null. An interrupted run ends
     * with {@code "interrupted":true}; a complete one has no such key, as before interruption was reported.
     */
    public String toJson() {
        StringBuilder json = new StringBuilder(512).append('{');
        field(json, "workload", quote(workload.cliName()));
        field(json, "mode", quote(mode.cliName()));
        field(json, "devices", Integer.toString(devices));
        field(json, "handshakes", Long.toString(handshakes));
        field(json, "handshake_seconds", number(handshakeSeconds));
        field(json, "handshakes_per_second", number(handshakesPerSecond));
        field(json, "requests", Long.toString(requests));
        field(json, "readings_acknowledged", Long.toString(readingsAcknowledged));
        field(json, "readings_per_second", number(readingsPerSecond));
        field(json, "requests_per_second", number(requestsPerSecond));
        field(json, "latency_p50_ms", number(latencyP50Ms));
        field(json, "latency_p95_ms", number(latencyP95Ms));
        field(json, "latency_p99_ms", number(latencyP99Ms));
        field(json, "failures", Long.toString(failures));
        StringBuilder kinds = new StringBuilder().append('{');
        failuresByKind.forEach((kind, count) -> field(kinds, kind, Long.toString(count)));
        if (kinds.length() > 1) {
            kinds.setLength(kinds.length() - 1);
        }
        field(json, "failures_by_kind", kinds.append('}').toString());
        field(json, "coap_retransmissions", Long.toString(coapRetransmissions));
        field(json, "dtls_flight_retransmissions", Long.toString(dtlsFlightRetransmissions));
        field(json, "seconds", number(seconds));
        field(json, "receiver_threads", quote(receiverThreads));
        if (interrupted) {
            field(json, "interrupted", "true");
        }
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String key, String value) {
        json.append(quote(key)).append(':').append(value).append(',');
    }

    private static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
