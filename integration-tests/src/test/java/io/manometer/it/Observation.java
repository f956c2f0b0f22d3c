package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.JsonReadingCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An Observe relation (RFC 7641) held by a test device: notifications queue up as they arrive and the test takes
 * them one by one, each wait bounded.
 */
final class Observation implements AutoCloseable {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final BlockingQueue<Answered> notifications = new LinkedBlockingQueue<>();
    private final ReadingPublisher.Subscription subscription;

    Observation(ReadingPublisher publisher, String query) {
        this.subscription = publisher.observe(query, notifications::add);
    }

    /** The next answer or notification; fails the test if none arrives in time. */
    Answered next() {
        try {
            Answered next = notifications.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return next != null ? next : fail("no notification within " + BOUND);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted waiting for a notification");
        }
    }

    /** The readings of the next notification, which must be a 2.05. */
    List<PressureReading> nextReadings() {
        Answered next = next();
        assertEquals("2.05", next.code(), next.diagnostic());
        try {
            return new JsonReadingCodec().decodeAll(next.payload());
        } catch (InvalidReadingException e) {
            return fail("undecodable notification: " + e.getMessage());
        }
    }

    /**
     * Takes notifications until one satisfies {@code wanted}: under concurrent posts the server may merge changes
     * into one notification (RFC 7641 §3.3), so the test waits for a state, not for a count.
     */
    List<PressureReading> awaitReadings(Predicate<List<PressureReading>> wanted) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            List<PressureReading> readings = nextReadings();
            if (wanted.test(readings)) {
                return readings;
            }
        }
        return fail("no notification with the expected readings within " + BOUND);
    }

    /** No notification is queued now (those already delivered were all taken). */
    boolean isDrained() {
        return notifications.isEmpty();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
