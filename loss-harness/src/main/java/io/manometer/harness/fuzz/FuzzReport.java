package io.manometer.harness.fuzz;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns a {@link FuzzResult} into the Markdown report a person reads or the JSON object a script reads. */
public final class FuzzReport {

    private FuzzReport() {
    }

    public static String markdown(FuzzResult r) {
        StringBuilder b = new StringBuilder();
        b.append("# Fuzz run, seed ").append(r.seed()).append(String.format(Locale.ROOT, ", %.1f s%n%n", r.seconds()));
        b.append(r.passed() ? "**PASSED**" : "**FAILED**: " + String.join("; ", r.failures())).append("\n\n");
        b.append("| category | sent | dropped | answers | alerts | RST | 4.xx | 5.xx | 5.xx to bad input | crashes |"
                + " notes |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (FuzzResult.Row row : r.rows()) {
            b.append("| ").append(row.category()).append(" | ").append(row.sent()).append(" | ").append(row.dropped())
                    .append(" | ").append(row.answers()).append(" | ").append(row.alerts()).append(" | ")
                    .append(row.rst()).append(" | ").append(row.clientErrors()).append(" | ")
                    .append(row.serverErrors()).append(" | ").append(row.bugs()).append(" | ")
                    .append(r.inProcess() ? String.valueOf(row.crashes()) : "n/a").append(" | ").append(row.note())
                    .append(" |\n");
        }
        b.append("\n`answers`: HelloVerifyRequests and other non-alert datagrams for raw categories, 2.xx for"
                + " CoAP.\n\n");
        b.append("| server | baseline | after |\n|---|---:|---:|\n");
        b.append("| DTLS connections | ").append(text(r.baseline().connections())).append(" | ")
                .append(text(r.after().connections())).append(" |\n");
        b.append("| heap after GC | ").append(r.baseline().heapBytes().map(FuzzResult::mib).orElse("n/a"))
                .append(" | ").append(r.after().heapBytes().map(FuzzResult::mib).orElse("n/a")).append(" |\n\n");
        FuzzResult.Device d = r.device();
        b.append(String.format(Locale.ROOT, "Legitimate device: %d/%d readings acknowledged, %s stored once;"
                + " latency p50 %.1f ms, p95 %.1f ms, max %.1f ms.%n%n", d.acknowledged(), d.sent(),
                text(d.storedOnce()), d.p50(), d.p95(), d.max()));
        b.append("| CoAP case | group | reaction |\n|---|---|---|\n");
        for (FuzzResult.CaseResult c : r.cases()) {
            b.append("| ").append(c.name()).append(" | ").append(c.group()).append(" | ").append(c.reaction())
                    .append(c.bug() ? " **BUG**" : "").append(" |\n");
        }
        return b.toString();
    }

    public static String json(FuzzResult r) {
        String rows = r.rows().stream().map(row -> "{\"category\":" + quote(row.category()) + ",\"sent\":"
                + row.sent() + ",\"dropped\":" + row.dropped() + ",\"answers\":" + row.answers() + ",\"alerts\":"
                + row.alerts() + ",\"rst\":" + row.rst() + ",\"4xx\":" + row.clientErrors() + ",\"5xx\":"
                + row.serverErrors() + ",\"5xx_to_bad_input\":" + row.bugs() + ",\"crashes\":"
                + (r.inProcess() ? String.valueOf(row.crashes()) : "null") + ",\"note\":" + quote(row.note()) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        String cases = r.cases().stream().map(c -> "{\"group\":" + quote(c.group()) + ",\"name\":" + quote(c.name())
                + ",\"reaction\":" + quote(c.reaction()) + ",\"bug\":" + c.bug() + "}")
                .collect(Collectors.joining(",", "[", "]"));
        FuzzResult.Device d = r.device();
        return "{\"passed\":" + r.passed() + ",\"failures\":" + r.failures().stream().map(FuzzReport::quote)
                .collect(Collectors.joining(",", "[", "]")) + ",\"seed\":" + r.seed()
                + String.format(Locale.ROOT, ",\"seconds\":%.1f", r.seconds()) + ",\"in_process\":" + r.inProcess()
                + ",\"raw_datagrams\":" + r.rawDatagrams() + ",\"crashes\":" + r.crashes()
                + ",\"categories\":" + rows + ",\"connections_baseline\":" + number(r.baseline().connections())
                + ",\"connections_after\":" + number(r.after().connections()) + ",\"heap_baseline_bytes\":"
                + number(r.baseline().heapBytes()) + ",\"heap_after_bytes\":" + number(r.after().heapBytes())
                + ",\"device\":{\"sent\":" + d.sent() + ",\"acknowledged\":" + d.acknowledged() + ",\"stored_once\":"
                + number(d.storedOnce()) + String.format(Locale.ROOT, ",\"latency_p50_ms\":%.2f,\"latency_p95_ms\":"
                + "%.2f,\"latency_max_ms\":%.2f}", d.p50(), d.p95(), d.max()) + ",\"cases\":" + cases + "}";
    }

    /** One line for stderr at the end of a run. */
    public static String summary(FuzzResult r) {
        return String.format(Locale.ROOT, "fuzz: %d raw datagrams, %d CoAP cases in %.1f s; crashes %s, 5.xx to bad"
                + " input %d, device %d/%d acknowledged: %s", r.rawDatagrams(), r.cases().size(), r.seconds(),
                r.inProcess() ? String.valueOf(r.crashes()) : "n/a", r.bugs(), r.device().acknowledged(),
                r.device().sent(), r.passed() ? "passed" : "FAILED");
    }

    private static String text(Optional<? extends Number> value) {
        return value.map(String::valueOf).orElse("n/a");
    }

    private static String number(Optional<? extends Number> value) {
        return value.map(String::valueOf).orElse("null");
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
