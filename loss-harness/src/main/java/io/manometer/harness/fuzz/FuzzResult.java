package io.manometer.harness.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything one fuzz run found, and whether the server passed: no crash, no 5.xx to bad input, every reading of
 * the legitimate device acknowledged, connections and heap back to their baseline.
 *
 * @param rows one per raw category and per CoAP abuse group
 * @param cases every CoAP abuse case and the server's reaction
 * @param baseline the server before the fuzzing
 * @param after the server after the fuzzing and the settle wait
 * @param device the legitimate device
 * @param inProcess whether server-side metrics (counters, connections, heap, crashes) were available
 * @param seed the run's seed
 * @param seconds the run's length
 */
public record FuzzResult(List<Row> rows, List<CaseResult> cases, State baseline, State after, Device device,
        boolean inProcess, long seed, double seconds) {

    /** Heap may grow by this much (or a quarter of the baseline, if more) and still count as back to baseline. */
    static final long HEAP_TOLERANCE = 32L << 20;

    /**
     * One row of the report.
     *
     * @param category raw category or {@code coap: <group>}
     * @param sent datagrams or messages sent
     * @param dropped no answer
     * @param answers raw categories: HelloVerifyRequests and other non-alert answers; CoAP: 2.xx answers
     * @param alerts DTLS alerts
     * @param rst CoAP resets
     * @param clientErrors 4.xx
     * @param serverErrors 5.xx
     * @param bugs 5.xx answers to bad input (must be 0)
     * @param crashes uncaught exceptions, ERROR lines and stack traces while the row ran (must be 0)
     * @param note what else was learned, e.g. {@code handshakes started 0}
     */
    public record Row(String category, long sent, long dropped, long answers, long alerts, long rst,
            long clientErrors, long serverErrors, long bugs, long crashes, String note) {
    }

    /** One CoAP abuse case. */
    public record CaseResult(String group, String name, String reaction, boolean bug) {
    }

    /** The server at one moment; connections and heap are empty for an external server. */
    public record State(Optional<Integer> connections, Optional<Long> heapBytes) {
    }

    /**
     * The legitimate device.
     *
     * @param sent readings posted
     * @param acknowledged readings answered 2.01 or 2.04
     * @param storedOnce readings found exactly once in the store, if the store could be read
     * @param p50 latency median, ms
     * @param p95 latency 95th percentile, ms
     * @param max latency maximum, ms
     * @param firstFailure why the first unacknowledged reading failed, if any
     */
    public record Device(long sent, long acknowledged, Optional<Long> storedOnce, double p50, double p95, double max,
            Optional<String> firstFailure) {
    }

    public long crashes() {
        return rows.stream().mapToLong(Row::crashes).sum();
    }

    public long bugs() {
        return rows.stream().mapToLong(Row::bugs).sum();
    }

    public long rawDatagrams() {
        return rows.stream().filter(r -> !r.category().startsWith("coap")).mapToLong(Row::sent).sum();
    }

    /** Why the run failed; empty when the server passed. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (crashes() > 0) {
            failures.add(crashes() + " crash(es): uncaught exceptions, ERROR lines or stack traces");
        }
        if (bugs() > 0) {
            failures.add(bugs() + " server error(s) (5.xx) answered to bad input");
        }
        if (device.acknowledged() < device.sent()) {
            failures.add("legitimate device: " + (device.sent() - device.acknowledged()) + " of " + device.sent()
                    + " readings not acknowledged" + device.firstFailure().map(f -> " (" + f + ")").orElse(""));
        }
        device.storedOnce().filter(n -> n != device.acknowledged()).ifPresent(n -> failures.add(
                "legitimate device: " + n + " of " + device.acknowledged() + " acknowledged readings stored once"));
        if (baseline.connections().isPresent() && after.connections().isPresent()
                && after.connections().get() > baseline.connections().get()) {
            failures.add("DTLS connections did not return to baseline: " + baseline.connections().get() + " -> "
                    + after.connections().get());
        }
        if (baseline.heapBytes().isPresent() && after.heapBytes().isPresent()) {
            long allowed = Math.max(HEAP_TOLERANCE, baseline.heapBytes().get() / 4);
            if (after.heapBytes().get() - baseline.heapBytes().get() > allowed) {
                failures.add("heap did not return to baseline: " + mib(baseline.heapBytes().get()) + " -> "
                        + mib(after.heapBytes().get()) + " (tolerance " + mib(allowed) + ")");
            }
        }
        return failures;
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
