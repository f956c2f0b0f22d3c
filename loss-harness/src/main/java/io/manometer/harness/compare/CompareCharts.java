package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.CompareResult.Mode;
import io.manometer.harness.compare.CompareResult.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/** The report's charts, by file name: handshake bytes against the published figures, time, and CPU per mode. */
final class CompareCharts {

    static final String BYTES = "handshake-bytes.svg";
    static final String LATENCY = "handshake-latency.svg";
    static final String CPU = "handshake-cpu.svg";

    private CompareCharts() {
    }

    static Map<String, BarChart> of(CompareResult result) {
        List<CredentialMode> modes = result.modes().stream().map(Mode::mode).toList();
        List<String> names = modes.stream().map(CredentialMode::cliName).toList();
        Map<String, BarChart> charts = new LinkedHashMap<>();
        charts.put(BYTES, new BarChart("Full handshake, UDP payload bytes both ways", "bytes", names, List.of(
                series("measured, default", "#c0504d", modes, m -> sweep(result, Step.DEFAULT, m)),
                series("measured, lean", "#4f81bd", modes, m -> sweep(result, Step.LEAN, m)),
                series("DTLS 1.2 minimum + HVR", "#9bbb59", modes,
                    m -> OptionalDouble.of(result.minima().get(m).helloVerify().total())),
                series("DTLS 1.2 minimum", "#d7e4bd", modes,
                    m -> OptionalDouble.of(result.minima().get(m).plain().total())),
                series("DTLS 1.3 (IETF draft)", "#8064a2", modes, m -> IetfFigures.dtls13(m)
                        .map(f -> OptionalDouble.of(f.withoutCid())).orElse(OptionalDouble.empty())))));
        List<BarChart.Series> latency = new ArrayList<>(List.of(
                series("loopback p50", "#4f81bd", modes, m -> OptionalDouble.of(loopback(result, m).millisP50())),
                series("loopback p95", "#95b3d7", modes, m -> OptionalDouble.of(loopback(result, m).millisP95()))));
        if (result.options().rtt().isPresent()) {
            long rtt = result.options().rtt().get().toMillis();
            latency.add(series("RTT " + rtt + " ms p50", "#c0504d", modes, m -> mode(result, m).rtt()
                    .map(r -> OptionalDouble.of(r.millisP50())).orElse(OptionalDouble.empty())));
            latency.add(series("RTT " + rtt + " ms p95", "#e6b9b8", modes, m -> mode(result, m).rtt()
                    .map(r -> OptionalDouble.of(r.millisP95())).orElse(OptionalDouble.empty())));
        }
        charts.put(LATENCY, new BarChart("Handshake time (" + result.options().profile() + " profile)", "ms", names,
                latency));
        charts.put(CPU, new BarChart("CPU time per handshake, DTLS threads (" + result.options().profile()
                + " profile)", "ms", names, List.of(
                series("server", "#4f81bd", modes, m -> OptionalDouble.of(loopback(result, m).serverCpuMillis())),
                series("device", "#f79646", modes, m -> OptionalDouble.of(loopback(result, m).deviceCpuMillis())))));
        return charts;
    }

    private static BarChart.Series series(String name, String colour, List<CredentialMode> modes,
            Function<CredentialMode, OptionalDouble> value) {
        return new BarChart.Series(name, colour, modes.stream().map(value).toList());
    }

    private static OptionalDouble sweep(CompareResult result, Step step, CredentialMode mode) {
        return result.sweepTrace(step, mode).map(t -> OptionalDouble.of(t.normalisedBytes()))
                .orElse(OptionalDouble.empty());
    }

    private static Mode mode(CompareResult result, CredentialMode mode) {
        return result.mode(mode).orElseThrow();
    }

    private static CompareResult.Loopback loopback(CompareResult result, CredentialMode mode) {
        return mode(result, mode).loopback();
    }
}
