package io.manometer.harness.link;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The link's timeline: waiting datagrams ordered by due time (System.nanoTime), and by arrival among equals, so two
 * datagrams with the same delay leave in the order they came. Used by the selector thread only.
 */
final class PendingQueue {

    private final PriorityQueue<Pending> queue = new PriorityQueue<>(
            Comparator.comparingLong((Pending p) -> p.due).thenComparingLong(p -> p.sequence));
    private long sequence;
    private int live;

    Pending add(long due, Flow flow, Direction direction, byte[] data, Pending.Kind kind) {
        Pending pending = new Pending(due, sequence++, flow, direction, data, kind);
        queue.add(pending);
        live++;
        return pending;
    }

    /** Forgets {@code pending}; it stays in the heap until its due time but is never returned. */
    void cancel(Pending pending) {
        if (!pending.cancelled) {
            pending.cancelled = true;
            live--;
        }
    }

    /** The next datagram due at or before {@code now}, or null. */
    Pending pollDue(long now) {
        dropCancelledHead();
        Pending head = queue.peek();
        if (head == null || head.due - now > 0) {
            return null;
        }
        live--;
        return queue.poll();
    }

    /** The earliest due time, or {@link Long#MAX_VALUE} when nothing waits. */
    long nextDue() {
        dropCancelledHead();
        Pending head = queue.peek();
        return head == null ? Long.MAX_VALUE : head.due;
    }

    /** Datagrams waiting, cancelled ones not counted. */
    int size() {
        return live;
    }

    private void dropCancelledHead() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
    }
}
