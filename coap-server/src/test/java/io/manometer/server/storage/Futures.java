package io.manometer.server.storage;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for store futures with a timeout, so a write that never completes fails the test instead of hanging it. */
final class Futures {

    static final long TIMEOUT_SECONDS = 10;

    private Futures() {
    }

    /** The future's value; fails the test if it completes exceptionally or not within the timeout. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** The exception the future failed with; fails the test if it succeeds or does not complete in time. */
    static Throwable failureOf(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .getCause();
    }
}
