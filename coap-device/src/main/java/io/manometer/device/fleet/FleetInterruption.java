package io.manometer.device.fleet;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes Ctrl-C or SIGTERM end {@code ./manometer fleet} with a summary instead of silently: a shutdown hook asks
 * the run to stop, then waits for the command's exit code, because the JVM ends as soon as its hooks return and
 * would otherwise cut the summary off. The hook then ends the JVM itself with that code, as {@code System.exit}
 * cannot once the JVM is shutting down.
 * <pre>
 *   signal ─▶ hook: stop.request() ─▶ run drains (≤ 2 s) ─▶ summary printed ─▶ exit(130) ─▶ hook: halt(130)
 * </pre>
 */
final class FleetInterruption {

    /** 128 + SIGINT: what shells report for a program Ctrl-C ended, so scripts can tell it from a failure. */
    static final int EXIT_CODE = 130;
    /**
     * The longest the hook waits for the summary; a run stops within its drain time and the cancel grace, so
     * this only matters when something hangs, and then exiting without a summary beats not exiting.
     */
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final FleetStop stop = new FleetStop();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final Thread hook = new Thread(this::stopAndExit, "manometer-fleet-interrupt");

    /** What the run watches: the hook requests it. */
    FleetStop stop() {
        return stop;
    }

    /** From here on, a signal stops the run and waits for {@link #exit}. */
    void install() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** After the summary: a signal from here on ends the JVM as usual. */
    void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs and waits for exit()
        }
    }

    /** Hands the command's exit code to the hook, if a signal started it; otherwise nothing happens. */
    void exit(int code) {
        exitCode.complete(code);
    }

    private void stopAndExit() {
        stop.request();
        int code = EXIT_CODE;
        try {
            code = exitCode.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            System.err.println("fleet: no summary " + BOUND.toSeconds() + " s after the signal; exiting without one");
        } catch (InterruptedException | ExecutionException e) {
            // exit with the code for an interrupted run
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
