package io.manometer.harness.scenario;

import io.manometer.harness.scenario.DeliveryModel.Interval;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The matrix's report: {@code results.csv} for tools, {@code chart.svg} for the eye, and {@code report.md} that puts
 * each measured delivery next to the model's, says where they disagree, and explains the rebinding and anti-replay
 * rows. Everything is derived from the results; nothing is typed in by hand after a run.
 *
 * @param results the scenarios in the order they ran
 * @param command the command line that produced them, quoted at the top of the report
 * @param elapsed the whole run's wall-clock time
 */
public record MatrixReport(List<ScenarioResult> results, String command, Duration elapsed) {

    public static final String CSV = "results.csv";
    public static final String MARKDOWN = "report.md";
    public static final String CHART = "chart.svg";

    public MatrixReport {
        results = List.copyOf(results);
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Writes the three files into {@code directory}, creating it if needed; returns their paths. */
    public List<Path> write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path csv = Files.writeString(directory.resolve(CSV), ResultsCsv.of(results), StandardCharsets.UTF_8);
        Path chart = Files.writeString(directory.resolve(CHART), MatrixChart.svg(results), StandardCharsets.UTF_8);
        Path markdown = Files.writeString(directory.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
        return List.of(csv, markdown, chart);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# Loss matrix\n\n");
        md.append("`").append(command).append("`\n\n");
        md.append(String.format(Locale.ROOT, "%d scenarios in %s.%n%n", results.size(), duration(elapsed)));
        parameters(md);
        model(md);
        table(md);
        md.append("![chart](").append(CHART).append(")\n\n");
        findings(md);
        ReportSections.rebinding(md, results);
        ReportSections.antiReplay(md, results);
        ReportSections.howToRead(md);
        return md.toString();
    }

    private void parameters(StringBuilder md) {
        md.append("## Parameters\n\n| parameter | value |\n|---|---|\n");
        row(md, "modes", distinct(r -> r.scenario().mode().cliName()));
        row(md, "loss each way (%)", distinct(r -> Scenario.percent(r.scenario().loss())));
        row(md, "impairments (both ways)", distinct(r -> impairments(r.scenario())));
        row(md, "NAT rebinding", distinct(r -> r.scenario().rebind().enabled()
                ? "every " + r.scenario().rebind().everyDatagrams() + " upstream datagrams" : "off"));
        row(md, "connection id (RFC 9146)", distinct(r -> r.scenario().cid() ? "on" : "off"));
        row(md, "DTLS anti-replay window", distinct(r -> r.scenario().antiReplay() ? "on" : "off"));
        row(md, "content format", distinct(r -> r.scenario().format().mediaType()));
        row(md, "devices x readings", distinct(r -> r.scenario().devices() + " x " + r.scenario().readings()
                + " (concurrent devices, one CON in flight each)"));
        row(md, "timers", distinct(r -> r.scenario().timers().describe()));
        row(md, "seed", distinct(r -> Long.toString(r.scenario().seed()))
                + " (every row's link uses it: rows differ only in their thresholds, which keeps curves comparable)");
        md.append('\n');
    }

    private void model(StringBuilder md) {
        String retransmit = distinct(r -> Integer.toString(r.scenario().timers().maxRetransmit()));
        md.append("## Model\n\n");
        md.append("A confirmable exchange over an established DTLS session succeeds on one transmission when the"
                + " request arrives and its piggybacked response comes back; CoAP sends it up to MAX_RETRANSMIT + 1"
                + " times (RFC 7252 §4.2, §4.8). With independent losses:\n\n");
        md.append("    expected = 1 - (1 - (1 - p_up) * (1 - p_down)) ^ (MAX_RETRANSMIT + 1),   MAX_RETRANSMIT = ")
                .append(retransmit).append("\n\n");
        md.append("`p_up`, `p_down` are the link's loss per direction (under burst loss its stationary loss,"
                + " `p/(p+r)*loss_bad + r/(p+r)*loss`). Measured delivery is acknowledged / sent over readings whose"
                + " request went out over an established session (readings lost to a failed handshake are counted"
                + " apart, as `no session`), with a Wilson 95 % interval. ✓: the model lies inside the interval;"
                + " ✗ MISS: it does not.\n\n");
    }

    private void table(StringBuilder md) {
        md.append("## Results\n\n");
        md.append("| mode | loss % | variant | sent | acked | delivery [95 % CI] | expected | model | latency p50 / p95"
                + " ms | handshakes ok | handshake p50 ms | CoAP rtx | DTLS rtx | stored | stored twice | acked, not"
                + " stored |\n");
        md.append("|---|--:|---|--:|--:|---|--:|:-:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (ScenarioResult r : results) {
            Interval ci = r.interval();
            String variant = r.scenario().variant().substring(r.scenario().mode().cliName().length()).strip();
            String delivery = r.readings().overSession() == 0 ? "n/a"
                    : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", r.delivery(), ci.low(), ci.high());
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %s | %.3f | %s | %s / %s | %s | %s |"
                    + " %d | %d | %d | %d | %d |%n", r.scenario().mode().cliName(), loss(r.scenario()),
                    variant.isEmpty() ? "" : "`" + variant + "`", r.readings().overSession(), r.readings().acked(),
                    delivery, r.expectedDelivery(), verdict(r), ms(r.latency().p50()), ms(r.latency().p95()),
                    handshakes(r), ms(r.handshakes().millisP50()), r.coapRetransmissions(),
                    r.handshakes().flightRetransmissions(), r.readings().stored(), r.readings().duplicatesStored(),
                    r.readings().ackedNotStored()));
        }
        md.append('\n');
    }

    private void findings(StringBuilder md) {
        md.append("## Findings\n\n");
        List<ScenarioResult> broken = results.stream().filter(r -> !r.storeIntact()).toList();
        if (broken.isEmpty()) {
            md.append("- **Store:** in every scenario each acknowledged reading was stored, and none twice.\n");
        } else {
            md.append("- **Store: BROKEN** in ").append(broken.size()).append(" scenario(s): ")
                    .append(broken.stream().map(r -> r.scenario().describe()).collect(Collectors.joining("; ")))
                    .append(". An acknowledged reading must be stored, and only once.\n");
        }
        List<ScenarioResult> measured = results.stream().filter(r -> r.readings().overSession() > 0).toList();
        List<ScenarioResult> misses = measured.stream().filter(ScenarioResult::modelMiss).toList();
        md.append(String.format(Locale.ROOT, "- **Model:** %d of %d rows agree with it.", measured.size()
                - misses.size(), measured.size()));
        if (!misses.isEmpty()) {
            md.append(" Misses: ").append(misses.stream().map(r -> String.format(Locale.ROOT, "%s (%.3f vs %.3f)",
                    r.scenario().describe(), r.delivery(), r.expectedDelivery())).collect(Collectors.joining("; ")))
                    .append(". ").append(ReportSections.missHint(misses));
        }
        md.append("\n");
        long noSession = results.stream().mapToLong(r -> r.readings().noSession()).sum();
        if (noSession > 0) {
            md.append("- **Handshakes:** ").append(noSession).append(" reading(s) were lost because no DTLS session"
                    + " could be made (not in the model's population); the next reading tried a new handshake.\n");
        }
        for (ScenarioResult r : results) {
            if (!r.readings().failureReasons().isEmpty()) {
                md.append("- **").append(r.scenario().describe()).append(":** ").append(r.readings()
                        .failureReasons().entrySet().stream().map(e -> e.getValue() + " x " + e.getKey())
                        .collect(Collectors.joining("; "))).append('\n');
            }
        }
        md.append('\n');
    }

    private String distinct(Function<ScenarioResult, String> value) {
        return results.stream().map(value).collect(Collectors.toCollection(LinkedHashSet::new)).stream()
                .collect(Collectors.joining(", "));
    }

    static String verdict(ScenarioResult r) {
        return r.readings().overSession() == 0 ? "n/a" : r.modelMiss() ? "✗ MISS" : "✓";
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** {@code 12.3 s}, or {@code 5m 07s} from a minute on. */
    public static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 ? String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** {@code 30}, or {@code 5/30} (up/down) when the directions differ. */
    static String loss(Scenario s) {
        return s.up().lossPercent() == s.down().lossPercent() ? Scenario.percent(s.loss())
                : Scenario.percent(s.up().lossPercent()) + "/" + Scenario.percent(s.down().lossPercent());
    }

    private static String handshakes(ScenarioResult r) {
        return r.handshakes().succeeded() + "/" + r.handshakes().started();
    }

    private static String impairments(Scenario s) {
        String up = s.up().toBuilder().loss(0).scriptedDrops(List.of()).build().describe();
        return "none".equals(up) ? "loss only" : up;
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
