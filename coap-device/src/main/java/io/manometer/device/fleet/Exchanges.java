package io.manometer.device.fleet;

import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.device.publish.ReadingPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.eclipse.californium.core.coap.Request;

/**
 * Every request the fleet sends goes through here: it is tracked until its outcome, the outcome is counted in the
 * {@link FleetTally} under one cause, and at the end of a phase whatever is still out can be waited for (bounded)
 * and then cancelled, so a run ends on time even when the server has vanished.
 * <pre>
 *   send ──▶ outstanding ──outcome──▶ tally (acknowledged | failure by cause) ──▶ caller's future (on the driver)
 *                 └── abandon(): cancel ──▶ counted as unfinished (or handshake, for a connect)
 * </pre>
 */
final class Exchanges {

    /** What a request is for, which decides how its outcome is counted. */
    enum Purpose {
        /** A READINGS ramp GET: establishes the session; not a reading, any answer means connected. */
        CONNECT(true),
        /** A POST of readings over an established session. */
        READING(false),
        /** A POST of readings that first needs a (full) handshake. */
        HANDSHAKE_READING(true);

        private final boolean handshake;

        Purpose(boolean handshake) {
            this.handshake = handshake;
        }
    }

    private final FleetTally tally;
    private final Executor driver;
    private final LongSupplier nanoTime;
    private final Set<Request> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicInteger handshakesOutstanding = new AtomicInteger();
    /** Requests cancelled by {@link #abandon()}: their outcome is "unfinished", not whatever the cancel reports. */
    private final Set<Request> abandoned = ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();
    /** Completed (and cleared) when the last outstanding request ends; guarded by {@link #idle}. */
    private CompletableFuture<Void> whenIdle;

    Exchanges(FleetTally tally, Executor driver, LongSupplier nanoTime) {
        this.tally = tally;
        this.driver = driver;
        this.nanoTime = nanoTime;
    }

    /**
     * Sends {@code request} through {@code publisher}; the future completes on the driver, after counting, with whether
     * the request succeeded (reading acknowledged, or connected). {@code startNanos} is where its latency starts:
     * the send for closed loops, the due time for open loops.
     */
    CompletableFuture<Boolean> send(ReadingPublisher publisher, Request request, Purpose purpose, int readings,
            long startNanos) {
        outstanding.add(request);
        if (purpose.handshake) {
            handshakesOutstanding.incrementAndGet();
        }
        if (purpose != Purpose.CONNECT) {
            tally.sent();
        }
        CompletableFuture<PublishResult> result;
        try {
            result = publisher.send(request);
        } catch (RuntimeException e) {
            result = CompletableFuture.completedFuture(new PublishResult.Failed("could not send: " + e.getMessage(),
                    FailureKind.LOCAL_ERROR, 0));
        }
        return result.handleAsync((outcome, error) -> {
            try {
                return count(request, purpose, readings, startNanos, outcome, error);
            } finally {
                ended(request, purpose);
            }
        }, driver);
    }

    int outstanding() {
        return outstanding.size();
    }

    /** Requests out whose purpose includes a handshake: the "handshakes in flight" of a progress line. */
    int handshakesOutstanding() {
        return handshakesOutstanding.get();
    }

    /** Completes when nothing is outstanding, at once if nothing is now. */
    CompletableFuture<Void> idle() {
        synchronized (idle) {
            if (outstanding.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (whenIdle == null) {
                whenIdle = new CompletableFuture<>();
            }
            return whenIdle;
        }
    }

    /**
     * Cancels every outstanding request; each is counted as unfinished (a connect as a failed handshake). Sending
     * continues to work afterwards; only what was out at this moment is affected.
     */
    void abandon() {
        List<Request> out = new ArrayList<>(outstanding);
        abandoned.addAll(out);
        out.forEach(Request::cancel);
    }

    private boolean count(Request request, Purpose purpose, int readings, long startNanos,
            PublishResult outcome, Throwable error) {
        long now = nanoTime.getAsLong();
        if (error != null) {
            abandoned.remove(request);
            tally.failed(FailureCause.LOCAL, error.toString(), now);
            return false;
        }
        if (outcome instanceof PublishResult.Answered answer) {
            abandoned.remove(request);
            if (purpose == Purpose.CONNECT) {
                tally.outcome(now);
                return true;
            }
            if (answer.acknowledged()) {
                tally.acknowledged(readings, now - startNanos, now);
                return true;
            }
            FailureCause cause = answer.code().startsWith("5.") ? FailureCause.REJECTED_5XX
                    : FailureCause.REJECTED_4XX;
            tally.failed(cause, answer.code() + " " + answer.diagnostic(), now);
            return false;
        }
        PublishResult.Failed failure = (PublishResult.Failed) outcome;
        boolean cancelled = abandoned.remove(request);
        String reason = cancelled ? "no outcome before the end of the run (cancelled after the drain time)"
                : failure.reason();
        tally.failed(cause(purpose, failure, cancelled), reason, now);
        return false;
    }

    static FailureCause cause(Purpose purpose, PublishResult.Failed failure, boolean abandoned) {
        if (abandoned) {
            return purpose == Purpose.CONNECT ? FailureCause.HANDSHAKE : FailureCause.UNFINISHED;
        }
        return switch (failure.kind()) {
            case HANDSHAKE_REJECTED, UNREACHABLE -> FailureCause.HANDSHAKE;
            case TIMEOUT -> purpose == Purpose.CONNECT ? FailureCause.HANDSHAKE : FailureCause.TIMEOUT;
            case LOCAL_ERROR -> FailureCause.LOCAL;
        };
    }

    private void ended(Request request, Purpose purpose) {
        if (purpose.handshake) {
            handshakesOutstanding.decrementAndGet();
        }
        outstanding.remove(request);
        if (outstanding.isEmpty()) {
            CompletableFuture<Void> waiting;
            synchronized (idle) {
                // checked again under the lock: a send may have come in between
                waiting = outstanding.isEmpty() ? whenIdle : null;
                if (waiting != null) {
                    whenIdle = null;
                }
            }
            if (waiting != null) {
                waiting.complete(null);
            }
        }
    }
}
