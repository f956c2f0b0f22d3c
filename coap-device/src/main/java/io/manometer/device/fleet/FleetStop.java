package io.manometer.device.fleet;

import java.util.concurrent.CompletableFuture;

/**
 * Ends a fleet run early from another thread, as Ctrl-C does: the run starts no new request, drains what is still
 * out for a short while and returns its summary for the time that ran, marked as interrupted. A long load test
 * that is cut short should still say what it measured.
 */
public final class FleetStop {

    /** Completes with the {@link System#nanoTime()} of the first request to stop. */
    private final CompletableFuture<Long> requested = new CompletableFuture<>();

    /** Asks the run to stop; later calls change nothing. Safe from any thread, including a shutdown hook. */
    public void request() {
        requested.complete(System.nanoTime());
    }

    public boolean isRequested() {
        return requested.isDone();
    }

    /** When the stop was first requested ({@link System#nanoTime()}); only meaningful once it was. */
    long requestedAtNanos() {
        return requested.getNow(Long.MAX_VALUE);
    }

    /** Completes when a stop is requested, to end waits early. */
    CompletableFuture<Long> requested() {
        return requested;
    }
}
