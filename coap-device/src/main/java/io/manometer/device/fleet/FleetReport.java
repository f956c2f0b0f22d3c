package io.manometer.device.fleet;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The human summary of a fleet run, the table {@code ./manometer fleet} prints on stdout when not asked for JSON.
 * <pre>
 * fleet      readings, psk, 20 devices, virtual receiver threads
 * handshakes 20 in 0.31 s (64.5/s)
 * readings   3400 acknowledged in 10.01 s (339.7/s); 3400 requests (339.7/s)
 * latency    p50 1.52 ms  p95 3.10 ms  p99 4.87 ms
 * failures   0 (handshake 0, timeout 0, rejected_4xx 0, ...)
 * retransmit CoAP 0, DTLS flights 0
 * </pre>
 * A run ended by Ctrl-C adds a last line, {@code interrupted ...}, so a partial summary is never taken for a full one.
 */
final class FleetReport {

    private FleetReport() {
    }

    static String table(FleetResult result) {
        String table = figures(result);
        if (!result.interrupted()) {
            return table;
        }
        return table + System.lineSeparator() + String.format(Locale.ROOT, "%-17s %s", "interrupted",
                "stopped early (Ctrl-C or SIGTERM); the figures cover the time that ran");
    }

    private static String figures(FleetResult result) {
        String failures = result.failuresByKind().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return String.join(System.lineSeparator(),
                String.format(Locale.ROOT, "%-17s %s, %s, %d devices, %s receiver threads", "fleet",
                        result.workload().cliName(), result.mode().cliName(), result.devices(),
                        result.receiverThreads()),
                String.format(Locale.ROOT, "%-17s %d in %.2f s (%.1f/s)", "handshakes", result.handshakes(),
                        result.handshakeSeconds(), result.handshakesPerSecond()),
                String.format(Locale.ROOT, "%-17s %d acknowledged in %.2f s (%.1f/s); %d requests (%.1f/s)",
                        "readings", result.readingsAcknowledged(), result.seconds(), result.readingsPerSecond(),
                        result.requests(), result.requestsPerSecond()),
                String.format(Locale.ROOT, "%-17s p50 %s  p95 %s  p99 %s", "latency", millis(result.latencyP50Ms()),
                        millis(result.latencyP95Ms()), millis(result.latencyP99Ms())),
                String.format(Locale.ROOT, "%-17s %d (%s)", "failures", result.failures(), failures),
                String.format(Locale.ROOT, "%-17s CoAP %d, DTLS flights %d", "retransmissions",
                        result.coapRetransmissions(), result.dtlsFlightRetransmissions()));
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f ms", value);
    }
}
