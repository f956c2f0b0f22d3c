package io.manometer.bench.heap;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Used heap after garbage collection, for the heap per idle session: what survives a full collection is what the
 * server keeps alive. One {@code System.gc()} can leave garbage behind (reference processing, finalizers, objects
 * freed only by the collection before), so it collects until two readings agree within {@link #TOLERANCE}, at most
 * {@link #MAX_COLLECTIONS} times.
 */
public final class HeapProbe {

    static final double TOLERANCE = 0.005;
    static final int MAX_COLLECTIONS = 8;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapProbe() {
    }

    /** Bytes of heap in use after collecting until the reading is stable. */
    public static long usedAfterGc() {
        long previous = collect();
        for (int i = 1; i < MAX_COLLECTIONS; i++) {
            long used = collect();
            if (Math.abs(used - previous) <= TOLERANCE * previous) {
                return Math.min(used, previous);
            }
            previous = used;
        }
        return previous;
    }

    /** The heap limit ({@code -Xmx}), or -1 when there is none. */
    public static long maxHeap() {
        return MEMORY.getHeapMemoryUsage().getMax();
    }

    private static long collect() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
