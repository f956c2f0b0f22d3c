package io.manometer.device.fleet;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed-loop concurrency: {@code n} lanes, each sending its next request only when the previous one has its
 * outcome, until its step says there is nothing more to do. Continuations run on the driver executor, never on a
 * Californium thread, and never recursively, so a burst of instant failures cannot overflow a stack.
 * <pre>
 *   lane 1: step ─▶ request ─outcome─▶ step ─▶ request ─▶ … ─▶ step: empty ─▶ lane done
 *   lane n: step ─▶ …
 * </pre>
 */
final class Lanes {

    private static final Logger LOGGER = LoggerFactory.getLogger(Lanes.class);

    private final AtomicInteger running;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private Lanes(int lanes) {
        this.running = new AtomicInteger(lanes);
        if (lanes <= 0) {
            finished.complete(null);
        }
    }

    /**
     * Starts {@code lanes} lanes; lane {@code i} calls {@code step.apply(i)} for each request. A step returns the
     * future of its request, or empty when the lane is finished.
     */
    static Lanes start(int lanes, Step step, Executor driver) {
        Lanes running = new Lanes(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            int index = lane;
            driver.execute(() -> running.next(index, step, driver));
        }
        return running;
    }

    /** Completes when every lane is finished. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    private void next(int lane, Step step, Executor driver) {
        Optional<CompletableFuture<?>> request;
        try {
            request = step.next(lane);
        } catch (RuntimeException e) {
            // a bug in a step must not leave the run waiting for a lane that will never finish
            LOGGER.error("fleet lane {} stopped", lane, e);
            request = Optional.empty();
        }
        if (request.isEmpty()) {
            if (running.decrementAndGet() == 0) {
                finished.complete(null);
            }
            return;
        }
        request.get().whenCompleteAsync((result, error) -> next(lane, step, driver), driver);
    }

    /** One lane's next request. */
    @FunctionalInterface
    interface Step {
        Optional<CompletableFuture<?>> next(int lane);
    }
}
