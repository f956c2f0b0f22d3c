package io.manometer.harness.scenario;

import io.manometer.harness.link.DropReason;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code results.csv}: one row per scenario, the required columns first and in its order, then the
 * scenario's parameters and the link's counters. Plain RFC 4180 CSV without quoting (no value contains a comma);
 * a value that does not exist (delivery without a session, latency without an acknowledgement) is empty.
 */
public final class ResultsCsv {

    /** One column: its header and how to read it off a result. */
    record Column(String name, Function<ScenarioResult, String> value) {
    }

    static final List<Column> COLUMNS = List.of(
            column("mode", r -> r.scenario().mode().cliName()),
            column("loss", r -> Scenario.percent(r.scenario().loss())),
            column("acked", r -> Long.toString(r.readings().acked())),
            column("stored", r -> Long.toString(r.readings().stored())),
            column("duplicates_stored", r -> Long.toString(r.readings().duplicatesStored())),
            column("acked_not_stored", r -> Long.toString(r.readings().ackedNotStored())),
            column("handshake_success", r -> fraction(r.handshakes().successRate())),
            column("handshake_ms_p50", r -> millis(r.handshakes().millisP50())),
            column("coap_retransmissions", r -> Long.toString(r.coapRetransmissions())),
            column("dtls_retransmissions", r -> Long.toString(r.handshakes().flightRetransmissions())),
            column("replays_dropped", r -> Long.toString(r.server().replayedRecordsDropped())),
            column("coap_duplicates", r -> Long.toString(r.server().duplicateRequests())),
            column("latency_ms_p50", r -> millis(r.latency().p50())),
            column("latency_ms_p95", r -> millis(r.latency().p95())),
            column("expected_delivery", r -> fraction(r.expectedDelivery())),
            column("delivery", r -> fraction(r.delivery())),
            column("delivery_low", r -> r.readings().overSession() == 0 ? "" : fraction(r.interval().low())),
            column("delivery_high", r -> r.readings().overSession() == 0 ? "" : fraction(r.interval().high())),
            column("model", ResultsCsv::verdict),
            column("sent", r -> Long.toString(r.readings().sent())),
            column("over_session", r -> Long.toString(r.readings().overSession())),
            column("no_session", r -> Long.toString(r.readings().noSession())),
            column("timeouts", r -> Long.toString(r.readings().timeouts())),
            column("other_failures", r -> Long.toString(r.readings().otherFailures())),
            column("stored_not_acked", r -> Long.toString(r.readings().storedNotAcked())),
            column("handshakes", r -> Long.toString(r.handshakes().succeeded())),
            column("replays_passed", r -> Long.toString(r.server().replayedRecordsAccepted())),
            column("loss_up", r -> percentOf(r.scenario().lossUp())),
            column("loss_down", r -> percentOf(r.scenario().lossDown())),
            column("burst", r -> r.scenario().up().burst().enabled() ? r.scenario().up().burst().toString() : ""),
            column("dup", r -> Scenario.percent(r.scenario().up().duplicatePercent())),
            column("reorder", r -> Scenario.percent(r.scenario().up().reorderPercent())),
            column("replay", r -> Scenario.percent(r.scenario().up().replayPercent())),
            column("rebind", r -> Integer.toString(r.scenario().rebind().everyDatagrams())),
            column("cid", r -> onOff(r.scenario().cid())),
            column("anti_replay", r -> onOff(r.scenario().antiReplay())),
            column("format", r -> r.scenario().format().shortName()),
            column("devices", r -> Integer.toString(r.scenario().devices())),
            column("readings", r -> Integer.toString(r.scenario().readings())),
            column("seed", r -> Long.toString(r.scenario().seed())),
            column("timers", r -> r.scenario().timers().name()),
            column("max_retransmit", r -> Integer.toString(r.scenario().timers().maxRetransmit())),
            column("link_dropped_up", r -> Long.toString(r.link().up().dropped())),
            column("link_dropped_down", r -> Long.toString(r.link().down().dropped())),
            column("link_duplicated", r -> Long.toString(r.link().total().duplicated())),
            column("replays_injected", r -> Long.toString(r.link().total().replayed())),
            column("rebinds", r -> Long.toString(r.link().rebinds())),
            column("lost_to_rebinding", r -> Long.toString(r.link().lostToRebinding())),
            column("scripted_drops", r -> Long.toString(r.link().total().dropped(DropReason.SCRIPT))),
            column("link_bytes_up", r -> Long.toString(r.link().up().bytesForwarded())),
            column("link_bytes_down", r -> Long.toString(r.link().down().bytesForwarded())),
            column("seconds", r -> String.format(Locale.ROOT, "%.1f", r.elapsed().toMillis() / 1000.0)));

    private ResultsCsv() {
    }

    public static String header() {
        return COLUMNS.stream().map(Column::name).collect(Collectors.joining(","));
    }

    public static String row(ScenarioResult result) {
        return COLUMNS.stream().map(c -> c.value().apply(result)).collect(Collectors.joining(","));
    }

    /** Header and rows, each line ending in a newline. */
    public static String of(List<ScenarioResult> results) {
        StringBuilder csv = new StringBuilder(header()).append('\n');
        results.forEach(r -> csv.append(row(r)).append('\n'));
        return csv.toString();
    }

    /** {@code ok}, {@code MISS}, or empty when no reading had a session to measure. */
    static String verdict(ScenarioResult result) {
        if (result.readings().overSession() == 0) {
            return "";
        }
        return result.modelMiss() ? "MISS" : "ok";
    }

    /** A proportion with four decimals; empty for NaN. */
    static String fraction(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** Milliseconds with one decimal; empty for NaN. */
    static String millis(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String percentOf(double fraction) {
        double percent = Math.round(fraction * 100 * 1000) / 1000.0;
        return Scenario.percent(percent);
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    private static Column column(String name, Function<ScenarioResult, String> value) {
        return new Column(name, value);
    }
}
