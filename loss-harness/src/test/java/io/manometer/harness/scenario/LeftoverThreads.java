package io.manometer.harness.scenario;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Checks that a scenario stopped every thread its server, link and devices started. Closing an endpoint only asks
 * its executors to stop, so each leftover thread is joined with a shared deadline before it counts as leaked.
 */
final class LeftoverThreads {

    private static final Duration GRACE = Duration.ofSeconds(5);
    /** JDK-wide daemons that the first user starts and that live as long as the JVM. */
    private static final List<String> JVM_SHARED = List.of("CompletableFutureDelayScheduler", "ForkJoinPool",
            "process reaper", "Attach Listener", "Common-Cleaner");

    private final Set<Thread> before;

    private LeftoverThreads(Set<Thread> before) {
        this.before = before;
    }

    static LeftoverThreads snapshot() {
        return new LeftoverThreads(Set.copyOf(Thread.getAllStackTraces().keySet()));
    }

    void assertNoneLeft() throws InterruptedException {
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Thread thread : started()) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        List<String> alive = started().stream().map(Thread::getName).sorted().toList();
        if (!alive.isEmpty()) {
            fail("threads still running " + GRACE.toSeconds() + " s after the scenario: " + alive);
        }
    }

    private List<Thread> started() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(Thread::isAlive)
                .filter(thread -> JVM_SHARED.stream().noneMatch(thread.getName()::startsWith))
                .toList();
    }
}
