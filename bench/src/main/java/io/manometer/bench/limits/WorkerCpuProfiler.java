package io.manometer.bench.limits;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time of JMH's worker threads per operation, next to JMH's wall-clock score.
 * The bound must be in CPU time because the server's cost per handshake is measured in CPU time: on a machine
 * where other processes compete for the cores, wall-clock time per operation grows with the load while CPU time
 * does not, and the two would no longer compare.
 */
public final class WorkerCpuProfiler implements InternalProfiler {

    /** The label of the secondary result: CPU microseconds per operation. */
    public static final String LABEL = "cpu.time";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Map<Long, Long> before = Map.of();

    @Override
    public String getDescription() {
        return "CPU time of the benchmark's worker threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workers();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        Map<Long, Long> after = workers();
        long nanos = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            // a worker started during the iteration counts from zero
            nanos += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
        }
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0 || nanos <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult(LABEL, nanos / 1e3 / ops, "µs/op", AggregationPolicy.AVG));
    }

    /** CPU nanoseconds of JMH's worker threads ({@code <benchmark>-jmh-worker-N}) by thread id. */
    private static Map<Long, Long> workers() {
        Map<Long, Long> cpu = new HashMap<>();
        if (!THREADS.isThreadCpuTimeSupported()) {
            return cpu;
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("jmh-worker")) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }
}
