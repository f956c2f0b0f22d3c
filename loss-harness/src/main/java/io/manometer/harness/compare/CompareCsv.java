package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.CompareResult.Impaired;
import io.manometer.harness.compare.CompareResult.Loopback;
import io.manometer.harness.compare.CompareResult.Minimum;
import io.manometer.harness.compare.CompareResult.Mode;
import io.manometer.harness.compare.CompareResult.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code compare.csv}: one row per mode, every number of the report, for spreadsheets and scripts. Bytes are UDP
 * payload bytes unless the column says otherwise; times in milliseconds; an empty cell means "not measured in this
 * run". RFC 4180 layout: a header line, comma-separated, no quoting needed (no value contains a comma).
 */
public final class CompareCsv {

    /** The columns, in order; the first nine are the ones issue #6 names. */
    public static final List<String> COLUMNS = List.of("mode", "datagrams", "bytes_up", "bytes_down",
            "handshake_bytes", "handshake_ms_p50", "handshake_ms_p95", "server_cpu_ms", "client_cpu_ms", "profile",
            "handshakes", "datagrams_up", "datagrams_down", "flights_up", "flights_down", "handshake_bytes_min",
            "handshake_bytes_max", "handshake_bytes_normalised", "handshake_bytes_with_ipv4_udp",
            "request_record_bytes", "request_record_bytes_no_cid", "response_record_bytes", "server_handshakes_per_s",
            "server_cpu_ms_saturated", "server_cpu_bound_per_s", "resumption", "resumption_bytes",
            "resumption_datagrams", "resumption_ms_p50", "resumption_ms_p95", "rtt_ms", "rtt_handshake_ms_p50",
            "rtt_handshake_ms_p95", "rtt_completion",
            "loss_percent", "loss_completion", "loss_handshake_ms_p50", "loss_handshake_ms_p95",
            "loss_flight_retransmissions", "default_bytes", "lean_bytes", "rfc_min_bytes", "rfc_min_bytes_hvr",
            "lean_over_rfc_min_percent", "dtls13_bytes", "dtls13_bytes_cid");

    private CompareCsv() {
    }

    public static String write(CompareResult result) {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (Mode mode : result.modes()) {
            csv.append(String.join(",", row(result, mode))).append('\n');
        }
        return csv.toString();
    }

    private static List<String> row(CompareResult result, Mode mode) {
        Loopback loopback = mode.loopback();
        HandshakeTrace trace = loopback.typical();
        CredentialMode m = mode.mode();
        Minimum minimum = result.minima().get(m);
        Optional<HandshakeTrace> lean = result.sweepTrace(Step.LEAN, m);
        List<String> cells = new ArrayList<>(List.of(m.cliName(), i(trace.datagrams()), i(trace.bytesUp()),
                i(trace.bytesDown()), i(trace.handshakeBytes()), d(loopback.millisP50()), d(loopback.millisP95()),
                d(loopback.serverCpuMillis()), d(loopback.deviceCpuMillis()), result.options().profile().name(),
                i(loopback.handshakes()), i(trace.datagramsUp()), i(trace.datagramsDown()), i(trace.flightsUp()),
                i(trace.flightsDown()), i(loopback.bytesMin()), i(loopback.bytesMax()), i(trace.normalisedBytes()),
                i(trace.handshakeBytesWithHeaders()), i(loopback.requestRecord()),
                i(loopback.requestRecordWithoutCid()), i(loopback.responseRecord())));
        cells.add(mode.saturation().map(s -> d(s.handshakesPerSecond())).orElse(""));
        cells.add(mode.saturation().map(s -> d(s.serverCpuMillis())).orElse(""));
        cells.add(mode.saturation().map(s -> d(s.boundPerSecond(result.cores()))).orElse(""));
        cells.add(loopback.resumption().map(r -> r.abbreviated() ? "abbreviated" : "full").orElse(""));
        cells.add(loopback.resumption().map(r -> i(r.typical().handshakeBytes())).orElse(""));
        cells.add(loopback.resumption().map(r -> i(r.typical().datagrams())).orElse(""));
        cells.add(loopback.resumption().map(r -> d(r.millisP50())).orElse(""));
        cells.add(loopback.resumption().map(r -> d(r.millisP95())).orElse(""));
        cells.add(result.options().rtt().map(rtt -> i((int) rtt.toMillis())).orElse(""));
        impaired(cells, mode.rtt(), false);
        cells.add(result.options().lossPercent().isPresent() ? d(result.options().lossPercent().getAsDouble()) : "");
        impaired(cells, mode.loss(), true);
        cells.add(result.sweepTrace(Step.DEFAULT, m).map(t -> i(t.normalisedBytes())).orElse(""));
        cells.add(lean.map(t -> i(t.normalisedBytes())).orElse(""));
        cells.add(i(minimum.plain().total()));
        cells.add(i(minimum.helloVerify().total()));
        cells.add(lean.map(t -> d(minimum.excessPercent(t))).orElse(""));
        cells.add(IetfFigures.dtls13(m).map(f -> i(f.withoutCid())).orElse(""));
        cells.add(IetfFigures.dtls13(m).map(f -> i(f.withCid())).orElse(""));
        return cells;
    }

    private static void impaired(List<String> cells, Optional<Impaired> impaired, boolean loss) {
        if (loss) {
            cells.add(impaired.map(r -> d(r.completion())).orElse(""));
        }
        cells.add(impaired.map(r -> d(r.millisP50())).orElse(""));
        cells.add(impaired.map(r -> d(r.millisP95())).orElse(""));
        if (loss) {
            cells.add(impaired.map(r -> d(r.flightRetransmissionsPerHandshake())).orElse(""));
        } else {
            cells.add(impaired.map(r -> d(r.completion())).orElse(""));
        }
    }

    private static String i(int value) {
        return Integer.toString(value);
    }

    /** Three decimals at most, a dot as separator whatever the locale; empty for NaN. */
    static String d(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        String text = String.format(Locale.ROOT, "%.3f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
