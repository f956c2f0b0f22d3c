package io.manometer.bench;

import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A closed-loop load: every device keeps the same number of confirmable POSTs in flight and sends the next one as
 * soon as one has its outcome, so the rate measured is what the server sustains rather than what we offered.
 * <pre>
 *   device 1: slot 1 ──POST seq n──▶ outcome ──POST seq n+k──▶ …     (k slots per device, seq strictly grows)
 *             slot k ──POST seq m──▶ outcome ──▶ …
 *   device D: …
 * </pre>
 */
final class ClosedLoopLoad {

    /** A round is abandoned when no request had an outcome for this long (a stuck server or device). */
    static final Duration STALL = Duration.ofSeconds(30);
    private static final int REASONS_KEPT = 5;

    /** One connected device and the next seq it will send. */
    record Sender(DeviceId id, ReadingPublisher publisher, AtomicLong nextSeq) {
    }

    /** What a round of load did: acknowledged readings, failures and the time until the last outcome. */
    record Outcome(long acknowledged, long failed, Map<String, Long> failureReasons, long elapsedNanos,
            LatencySamples latencies) {
        double readingsPerSecond() {
            return elapsedNanos == 0 ? 0 : acknowledged * 1e9 / elapsedNanos;
        }
    }

    private final List<Sender> senders;
    private final int inFlight;
    private final Clock clock;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong outcomes = new AtomicLong();
    private final AtomicLong lastOutcomeNanos = new AtomicLong();
    private final Map<String, Long> reasons = new ConcurrentHashMap<>();
    private final LatencySamples latencies = new LatencySamples();

    ClosedLoopLoad(List<Sender> senders, int inFlight, Clock clock) {
        this.senders = senders;
        this.inFlight = inFlight;
        this.clock = clock;
    }

    /** Runs until {@code limit} grants no more requests and every request sent has its outcome. */
    Outcome run(LoadLimit limit) throws InterruptedException {
        long start = System.nanoTime();
        lastOutcomeNanos.set(start);
        BooleanSupplier permits = limit.permits(start);
        CountDownLatch slotsDone = new CountDownLatch(senders.size() * inFlight);
        for (Sender sender : senders) {
            for (int slot = 0; slot < inFlight; slot++) {
                sendNext(sender, permits, slotsDone);
            }
        }
        awaitWithoutStall(slotsDone);
        return new Outcome(acknowledged.get(), failed.get(), Map.copyOf(reasons), lastOutcomeNanos.get() - start,
                latencies);
    }

    /**
     * Sends the slot's next reading when the previous one has its outcome. An outcome that is already there when
     * {@code publish} returns is handled in the loop, not by recursion, so a burst of local failures cannot
     * overflow the stack.
     */
    private void sendNext(Sender sender, BooleanSupplier permits, CountDownLatch slotsDone) {
        while (permits.getAsBoolean()) {
            long sent = System.nanoTime();
            CompletableFuture<PublishResult> future;
            try {
                future = sender.publisher().publish(reading(sender), ContentFormat.JSON);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            if (!future.isDone()) {
                future.whenComplete((result, error) -> {
                    record(result, error, sent);
                    sendNext(sender, permits, slotsDone);
                });
                return;
            }
            Throwable error = failure(future);
            record(error == null ? future.join() : null, error, sent);
        }
        slotsDone.countDown();
    }

    private PressureReading reading(Sender sender) {
        long seq = sender.nextSeq().getAndIncrement();
        double kPa = 101.325 + (seq % 1000) / 1000.0;
        return new PressureReading(sender.id(), seq, kPa, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private void record(PublishResult result, Throwable error, long sentNanos) {
        long now = System.nanoTime();
        if (error != null) {
            fail(error.toString());
        } else if (result instanceof PublishResult.Answered answered && answered.acknowledged()) {
            acknowledged.incrementAndGet();
            latencies.add(now - sentNanos);
        } else if (result instanceof PublishResult.Answered answered) {
            fail("answered " + answered.code() + " " + answered.diagnostic());
        } else if (result instanceof PublishResult.Failed failure) {
            fail(failure.reason());
        }
        lastOutcomeNanos.accumulateAndGet(now, Math::max);
        outcomes.incrementAndGet();
    }

    private void fail(String reason) {
        failed.incrementAndGet();
        if (reasons.size() < REASONS_KEPT || reasons.containsKey(reason)) {
            reasons.merge(reason, 1L, Long::sum);
        }
    }

    /** The error of a completed future, or null if it completed normally. */
    private static Throwable failure(CompletableFuture<PublishResult> future) {
        if (!future.isCompletedExceptionally()) {
            return null;
        }
        try {
            future.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** Waits for every slot; gives up, counting what is still out as failed, once nothing happens for a while. */
    private void awaitWithoutStall(CountDownLatch slotsDone) throws InterruptedException {
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (!slotsDone.await(1, TimeUnit.SECONDS)) {
            long now = outcomes.get();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                failed.addAndGet(slotsDone.getCount());
                reasons.merge("no outcome within " + STALL.toSeconds() + " s (stalled)", slotsDone.getCount(),
                        Long::sum);
                return;
            }
        }
    }
}
