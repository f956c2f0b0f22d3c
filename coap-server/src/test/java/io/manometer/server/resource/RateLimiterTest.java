package io.manometer.server.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The token bucket against a clock the test moves: no sleeps, exact waits. */
class RateLimiterTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final DeviceId DEV_2 = DeviceId.of("dev-2");

    private final ManualClock clock = new ManualClock();

    @Test
    void a_burst_is_allowed_and_the_next_request_waits_for_one_token() {
        RateLimiter limiter = new RateLimiter(20, 40, clock);

        for (int i = 0; i < 40; i++) {
            assertEquals(RateLimiter.ALLOWED, limiter.acquire(DEV_1), "request " + (i + 1));
        }
        assertEquals(Duration.ofMillis(50).toNanos(), limiter.acquire(DEV_1));
    }

    @Test
    void tokens_come_back_at_the_rate() {
        RateLimiter limiter = new RateLimiter(2, 1, clock);
        assertEquals(RateLimiter.ALLOWED, limiter.acquire(DEV_1));
        assertEquals(Duration.ofMillis(500).toNanos(), limiter.acquire(DEV_1));

        clock.advance(Duration.ofMillis(200));
        assertEquals(Duration.ofMillis(300).toNanos(), limiter.acquire(DEV_1));

        clock.advance(Duration.ofMillis(300));
        assertEquals(RateLimiter.ALLOWED, limiter.acquire(DEV_1));
    }

    @Test
    void a_refused_request_takes_no_token() {
        RateLimiter limiter = new RateLimiter(1, 1, clock);
        limiter.acquire(DEV_1);
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.acquire(DEV_1) > 0);
        }

        clock.advance(Duration.ofSeconds(1));

        assertEquals(RateLimiter.ALLOWED, limiter.acquire(DEV_1));
    }

    @Test
    void each_device_has_its_own_bucket() {
        RateLimiter limiter = new RateLimiter(1, 1, clock);

        assertEquals(RateLimiter.ALLOWED, limiter.acquire(DEV_1));
        assertTrue(limiter.acquire(DEV_1) > 0);
        assertEquals(RateLimiter.ALLOWED, limiter.acquire(DEV_2));
    }

    @Test
    void a_long_idle_device_gets_no_more_than_its_burst() {
        RateLimiter limiter = new RateLimiter(10, 3, clock);
        limiter.acquire(DEV_1);

        clock.advance(Duration.ofHours(1));

        for (int i = 0; i < 3; i++) {
            assertEquals(RateLimiter.ALLOWED, limiter.acquire(DEV_1));
        }
        assertTrue(limiter.acquire(DEV_1) > 0);
    }

    @Test
    void a_clock_stepping_back_neither_refills_nor_breaks_the_bucket() {
        RateLimiter limiter = new RateLimiter(1, 1, clock);
        limiter.acquire(DEV_1);

        clock.advance(Duration.ofSeconds(-30));

        assertEquals(Duration.ofSeconds(1).toNanos(), limiter.acquire(DEV_1));
    }

    @Test
    void retry_after_rounds_up_to_whole_seconds_and_is_at_least_one() {
        assertEquals(1, RateLimiter.retryAfterSeconds(1));
        assertEquals(1, RateLimiter.retryAfterSeconds(Duration.ofMillis(1000).toNanos()));
        assertEquals(2, RateLimiter.retryAfterSeconds(Duration.ofMillis(1001).toNanos()));
    }

    @Test
    void idle_devices_are_forgotten_so_the_state_stays_bounded() {
        RateLimiter limiter = new RateLimiter(10, 2, clock);
        int devices = 3 * RateLimiter.MIN_SWEEP;
        for (int i = 0; i < devices; i++) {
            limiter.acquire(DeviceId.of("dev-" + i));
            // each device's bucket is full again after 0.2 s; the map never holds more than two sweeps' worth
            clock.advance(Duration.ofMillis(1));
            assertTrue(limiter.tracked() <= 2 * RateLimiter.MIN_SWEEP + 1, "tracked " + limiter.tracked());
        }
    }

    @Test
    void a_rate_of_zero_is_no_limit() {
        RateLimiter limiter = new RateLimiter(0, 1, clock);

        for (int i = 0; i < 1000; i++) {
            assertEquals(RateLimiter.ALLOWED, limiter.acquire(DEV_1));
        }
        assertFalse(limiter.isEnabled());
        assertEquals(0, limiter.tracked());
    }

    @Test
    void a_negative_rate_or_an_empty_burst_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(-1, 1, clock));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0, clock));
    }

    /** A clock that moves only when the test says so. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
