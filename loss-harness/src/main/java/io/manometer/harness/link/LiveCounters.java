package io.manometer.harness.link;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The link's running counters: written by the selector thread only, read as a {@link LinkCounters} by anyone. */
final class LiveCounters {

    /** One slot per {@link DirectionCounters} component. */
    enum Metric {
        RECEIVED, FORWARDED, LOSS, BURST, MTU, SCRIPT, DUPLICATED, REORDERED, DELAYED, REPLAYED, SEND_FAILURES, BYTES
    }

    private final AtomicLongArray up = new AtomicLongArray(Metric.values().length);
    private final AtomicLongArray down = new AtomicLongArray(Metric.values().length);
    private final AtomicLong flows = new AtomicLong();
    private final AtomicLong rebinds = new AtomicLong();
    private final AtomicLong lostToRebinding = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();

    void increment(Direction direction, Metric metric) {
        add(direction, metric, 1);
    }

    void add(Direction direction, Metric metric, long delta) {
        (direction == Direction.UP ? up : down).addAndGet(metric.ordinal(), delta);
    }

    void dropped(Direction direction, DropReason reason) {
        switch (reason) {
            case LOSS -> increment(direction, Metric.LOSS);
            case BURST -> increment(direction, Metric.BURST);
            case MTU -> increment(direction, Metric.MTU);
            case SCRIPT -> increment(direction, Metric.SCRIPT);
            case REBINDING -> lostToRebinding.incrementAndGet();
        }
    }

    void flowOpened() {
        flows.incrementAndGet();
    }

    void rebound() {
        rebinds.incrementAndGet();
    }

    void queued(long size) {
        queued.set(size);
    }

    LinkCounters snapshot() {
        return new LinkCounters(snapshot(up), snapshot(down), flows.get(), rebinds.get(), lostToRebinding.get(),
                queued.get());
    }

    private static DirectionCounters snapshot(AtomicLongArray a) {
        return new DirectionCounters(get(a, Metric.RECEIVED), get(a, Metric.FORWARDED), get(a, Metric.LOSS),
                get(a, Metric.BURST), get(a, Metric.MTU), get(a, Metric.SCRIPT), get(a, Metric.DUPLICATED),
                get(a, Metric.REORDERED), get(a, Metric.DELAYED), get(a, Metric.REPLAYED),
                get(a, Metric.SEND_FAILURES), get(a, Metric.BYTES));
    }

    private static long get(AtomicLongArray a, Metric metric) {
        return a.get(metric.ordinal());
    }
}
