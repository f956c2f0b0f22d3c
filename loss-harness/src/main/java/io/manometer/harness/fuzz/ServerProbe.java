package io.manometer.harness.fuzz;

import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerCounters;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Reads what only an in-process server can tell: its counters, the DTLS connections it holds, and the JVM's heap.
 * The connection count comes from {@link PressureServer#connections()}. The heap is this JVM's,
 * fuzzer included, measured after a full GC, so it compares before with after, not the server alone.
 */
final class ServerProbe {

    private static final int GC_ROUNDS = 3;

    private final PressureServer server;

    ServerProbe(PressureServer server) {
        this.server = server;
    }

    ServerCounters.Snapshot counters() {
        return server.counters();
    }

    /** Completes with the first counters that satisfy {@code condition}; bound the wait. */
    CompletableFuture<ServerCounters.Snapshot> countersWhen(Predicate<ServerCounters.Snapshot> condition) {
        return server.countersWhen(condition);
    }

    /**
     * DTLS connections in the server's store (established sessions and handshakes in progress), or empty if they
     * cannot be read (the server is not started, or counting did not finish).
     */
    Optional<Integer> connections() {
        try {
            return Optional.of(server.connections());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Heap in use after a few full collections, in bytes. */
    static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < GC_ROUNDS; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
