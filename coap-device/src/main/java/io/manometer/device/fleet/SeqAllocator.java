package io.manometer.device.fleet;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A fleet device's sequence numbers, time-based so they only grow across runs without a journal per device:
 * {@code max(previous + 1, epoch millis × 1000)}. A later run starts above every seq of an earlier one unless a
 * device sent more than 1,000 readings in one millisecond or the clock went back; the device CLI's journal-based
 * seqs (counting from 0) stay far below, so the two never collide (DESIGN.md: a seq only grows, a stored reading is
 * never replaced).
 */
final class SeqAllocator {

    static final long PER_MILLI = 1000;

    private final LongSupplier epochMillis;
    private final AtomicLong last = new AtomicLong(-1);

    SeqAllocator(LongSupplier epochMillis) {
        this.epochMillis = epochMillis;
    }

    long next() {
        long floor = Math.multiplyExact(epochMillis.getAsLong(), PER_MILLI);
        return last.updateAndGet(previous -> Math.max(previous + 1, floor));
    }
}
