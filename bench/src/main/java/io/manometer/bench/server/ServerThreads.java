package io.manometer.bench.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.function.Predicate;

/**
 * CPU time of the server's own threads in a JVM that also runs the fleet, told apart by name: Scandium names its
 * connector threads after the bound address ({@code DTLS-Receiver--127.0.0.1:PORT}, {@code DTLS-Worker-…:PORT#1}),
 * Californium its CoAP executor {@code CoapServer(main)#N}, and the store its writer {@code manometer-store-writer}.
 * A handshake's server cost is the CPU these threads spend, not the wall-clock time it waits for the device.
 */
public final class ServerThreads {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Predicate<String> names;

    private ServerThreads(Predicate<String> names) {
        this.names = names;
    }

    /** The threads of the server whose DTLS endpoint is bound to {@code port}. */
    public static ServerThreads ofServerOnPort(int port) {
        String suffix = ":" + port;
        Predicate<String> dtls = name -> name.startsWith("DTLS-") && (name.endsWith(suffix)
                || name.contains(suffix + "#"));
        return new ServerThreads(dtls.or(name -> name.startsWith("CoapServer(main)#"))
                .or(name -> name.startsWith("manometer-store-writer")).or(name -> name.equals("manometer-observe")));
    }

    /** True when this JVM measures per-thread CPU time; otherwise {@link #cpuNanos()} stays 0. */
    public static boolean supported() {
        return THREADS.isThreadCpuTimeSupported();
    }

    /**
     * CPU nanoseconds the live threads of the server have used since they started. Threads that ended are no longer
     * counted, so compare two readings taken while the server runs.
     */
    public long cpuNanos() {
        if (!supported()) {
            return 0;
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && names.test(info.getThreadName())) {
                total += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
