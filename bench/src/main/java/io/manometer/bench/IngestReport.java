package io.manometer.bench;

import io.manometer.bench.RoundResult.GroupCommitStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the rounds of an ingest bench into text: a progress line per round, and the Markdown section that goes
 * into the README. Per store it reports medians over the counted rounds, so one round disturbed by the machine
 * does not decide the result; the ratio of the medians is the number that matters.
 */
final class IngestReport {

    /** The target, reported next to the result and never asserted: it depends on the machine. */
    static final double TARGET_COST = 0.20;

    /** What the header and the machine line say about the run. */
    record Setup(int devices, int inFlight, int rounds, String limit, String machine) {
    }

    private final Setup setup;
    private final List<RoundResult> rounds;

    /** {@code rounds}: the counted rounds only, in run order. */
    IngestReport(Setup setup, List<RoundResult> rounds) {
        this.setup = setup;
        this.rounds = List.copyOf(rounds);
    }

    static String progress(RoundResult r, int total) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "bench: round %d/%d %s%s: %.0f readings/s,"
                + " p50 %.2f ms, p99 %.2f ms, %d acknowledged, %d failed", r.round(), total,
                r.warmUp() ? "(warm-up) " : "", r.store().label(), r.readingsPerSecond(), r.latency().p50(),
                r.latency().p99(), r.acknowledged(), r.failures()));
        r.commits().meanBatch().ifPresent(batch -> line.append(String.format(Locale.ROOT, ", mean batch %.1f",
                batch)));
        r.database().ifPresent(db -> line.append(", db ").append(db));
        r.failureReasons().forEach((reason, count) -> line.append(System.lineSeparator())
                .append("bench:   ").append(count).append(" × ").append(reason));
        r.violations().forEach(v -> line.append(System.lineSeparator()).append("bench:   violation: ").append(v));
        return line.toString();
    }

    long failures() {
        return rounds.stream().mapToLong(RoundResult::failures).sum();
    }

    double medianRate(StoreKind store) {
        return median(of(store).stream().map(RoundResult::readingsPerSecond).toList());
    }

    /** sqlite / in-memory readings/s; NaN without in-memory throughput. */
    double ratio() {
        double memory = medianRate(StoreKind.MEMORY);
        return memory == 0 ? Double.NaN : medianRate(StoreKind.SQLITE) / memory;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "## Durable ingest (SQLite WAL, synchronous=FULL) vs in-memory, PSK,"
                + " %d devices × %d in flight, %d rounds of %s%n%n", setup.devices(), setup.inFlight(),
                setup.rounds(), setup.limit()));
        md.append("| store | readings/s (median) | p50 ms | p95 ms | p99 ms | mean batch |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (StoreKind store : StoreKind.values()) {
            md.append(row(store)).append('\n');
        }
        md.append('\n').append(ratioLine()).append("\n\n");
        md.append("rounds in run order (readings/s): ").append(rounds.stream()
                .map(r -> String.format(Locale.ROOT, "%s %.0f", r.store().label(), r.readingsPerSecond()))
                .collect(Collectors.joining(", "))).append("\n\n");
        md.append(failureLine()).append("\n\n");
        md.append("machine: ").append(setup.machine()).append('\n');
        return md.toString();
    }

    private String row(StoreKind store) {
        List<RoundResult> of = of(store);
        GroupCommitStats commits = of.stream().map(RoundResult::commits).reduce(GroupCommitStats.NONE,
                GroupCommitStats::plus);
        String batch = commits.meanBatch().map(b -> String.format(Locale.ROOT, "%.1f", b)).orElse("–");
        return String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %s |", store.label(),
                medianRate(store), median(of.stream().map(r -> r.latency().p50()).toList()),
                median(of.stream().map(r -> r.latency().p95()).toList()),
                median(of.stream().map(r -> r.latency().p99()).toList()), batch);
    }

    private String ratioLine() {
        double ratio = ratio();
        if (Double.isNaN(ratio)) {
            return "**ratio sqlite / in-memory: n/a (no in-memory throughput)**";
        }
        long cost = Math.round((1 - ratio) * 100);
        String verdict = cost >= 0 ? "durability costs " + cost + " %"
                : "no measurable cost: sqlite was " + (-cost) + " % faster, within noise";
        return String.format(Locale.ROOT, "**ratio sqlite / in-memory: %.2f (%s; target < %d %%)**", ratio, verdict,
                Math.round(TARGET_COST * 100));
    }

    private String failureLine() {
        long failures = failures();
        if (failures == 0) {
            return "failures: 0 (after every round the store held each acknowledged reading exactly once;"
                    + " the SQLite file too, reopened after the server closed)";
        }
        List<String> what = new ArrayList<>();
        for (RoundResult r : rounds) {
            for (Map.Entry<String, Long> reason : r.failureReasons().entrySet()) {
                what.add("round " + r.round() + " " + r.store().label() + ": " + reason.getValue() + " × "
                        + reason.getKey());
            }
            r.violations().forEach(v -> what.add("round " + r.round() + " " + r.store().label() + ": " + v));
        }
        return "**failures: " + failures + "** (" + String.join("; ", what) + ")";
    }

    private List<RoundResult> of(StoreKind store) {
        return rounds.stream().filter(r -> r.store() == store).toList();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
