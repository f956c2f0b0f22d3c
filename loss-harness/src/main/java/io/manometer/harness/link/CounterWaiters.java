package io.manometer.harness.link;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Futures waiting for the counters to reach a condition, checked by the selector thread after every round, so tests
 * and scenario runners wait for an event instead of sleeping.
 */
final class CounterWaiters {

    private record Waiter(Predicate<LinkCounters> condition, CompletableFuture<LinkCounters> future) {
    }

    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    CompletableFuture<LinkCounters> add(Predicate<LinkCounters> condition) {
        CompletableFuture<LinkCounters> future = new CompletableFuture<>();
        waiters.add(new Waiter(condition, future));
        return future;
    }

    boolean isEmpty() {
        return waiters.isEmpty();
    }

    /** Completes every waiter whose condition holds for {@code counters}. */
    void check(LinkCounters counters) {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            Waiter waiter = it.next();
            if (waiter.future.isDone()) {
                it.remove();
            } else if (test(waiter, counters)) {
                it.remove();
                waiter.future.complete(counters);
            }
        }
    }

    void failAll(Throwable cause) {
        Waiter waiter;
        while ((waiter = waiters.poll()) != null) {
            waiter.future.completeExceptionally(cause);
        }
    }

    private static boolean test(Waiter waiter, LinkCounters counters) {
        try {
            return waiter.condition.test(counters);
        } catch (RuntimeException e) {
            waiter.future.completeExceptionally(e);
            return false;
        }
    }
}
