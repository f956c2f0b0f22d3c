package io.manometer.harness.compare;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of a group of threads picked by name, because a handshake's cost is the cryptography its DTLS threads
 * run, not the wall-clock time it spends waiting for the peer. Scandium names its connector threads after the
 * bound address ({@code DTLS-Receiver--127.0.0.1:5684}, {@code DTLS-Worker--127.0.0.1:5684#1}), so server and
 * device threads in one JVM can be told apart. A snapshot maps thread id to CPU nanoseconds; the difference of two
 * snapshots counts threads started in between from zero and threads that ended in between not at all, so take the
 * second snapshot before the threads of interest are stopped.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** True when this JVM measures per-thread CPU time; otherwise every snapshot is empty. */
    static boolean supported() {
        return THREADS.isThreadCpuTimeSupported();
    }

    /** CPU nanoseconds of every live thread whose name {@code names} accepts, by thread id. */
    static Map<Long, Long> snapshot(Predicate<String> names) {
        Map<Long, Long> cpu = new HashMap<>();
        if (!supported()) {
            return cpu;
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && names.test(info.getThreadName())) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }

    /** CPU nanoseconds spent between two snapshots by the threads in {@code after}. */
    static long spent(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            total += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
        }
        return total;
    }

    /** Scandium's connector threads of the endpoint bound to {@code port}. */
    static Predicate<String> dtlsThreadsOf(int port) {
        String suffix = ":" + port;
        return name -> name.startsWith("DTLS-") && (name.endsWith(suffix) || name.contains(suffix + "#"));
    }

    /** Scandium's connector threads of every endpoint except the one bound to {@code port}. */
    static Predicate<String> dtlsThreadsExcept(int port) {
        Predicate<String> server = dtlsThreadsOf(port);
        return name -> name.startsWith("DTLS-") && !server.test(name);
    }
}
