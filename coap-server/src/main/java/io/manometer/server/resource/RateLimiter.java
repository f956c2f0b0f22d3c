package io.manometer.server.resource;

import io.manometer.protocol.DeviceId;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-device token buckets for requests: a device may send {@code ratePerSecond} requests a second on average and
 * {@code burst} at once, so one misbehaving or compromised device cannot take the server's capacity from the others.
 * The limit counts requests, not readings: a SenML pack of 64 readings is one request.
 * <p>
 * A bucket that has refilled completely is the same as no bucket, so idle devices are forgotten: the map holds at
 * most about twice the devices that sent a request within the last {@code burst / ratePerSecond} seconds.
 */
public final class RateLimiter {

    /** What {@link #acquire} returns when the request may proceed. */
    public static final long ALLOWED = 0;
    /** Buckets below this many are never swept: too few to be worth the walk. */
    static final int MIN_SWEEP = 1024;
    private static final double NANOS_PER_SECOND = 1e9;

    private final double ratePerSecond;
    private final double burst;
    private final Clock clock;
    private final ConcurrentHashMap<DeviceId, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile int sweepAt = MIN_SWEEP;

    /** {@code ratePerSecond} 0 turns the limit off. */
    public RateLimiter(double ratePerSecond, int burst, Clock clock) {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || burst < 1) {
            throw new IllegalArgumentException("rate must be >= 0 and burst >= 1, got " + ratePerSecond + "/s burst "
                    + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
    }

    /** No limit at all, e.g. for load tests that send hundreds of requests a second per device. */
    public static RateLimiter unlimited() {
        return new RateLimiter(0, 1, Clock.systemUTC());
    }

    public boolean isEnabled() {
        return ratePerSecond > 0;
    }

    /**
     * Takes a token from {@code device}'s bucket: {@link #ALLOWED} if there was one, otherwise the nanoseconds until
     * the next token is free (and nothing is taken).
     */
    public long acquire(DeviceId device) {
        if (!isEnabled()) {
            return ALLOWED;
        }
        long now = nanos();
        long[] wait = new long[1];
        // compute() runs under the map's lock for this key, so concurrent requests of one device cannot both take
        // the last token, and a sweep cannot forget a bucket while it is being taken from
        buckets.compute(device, (id, bucket) -> {
            Bucket current = bucket != null ? bucket : new Bucket(burst, now);
            wait[0] = current.take(now);
            return current;
        });
        if (buckets.size() > sweepAt) {
            sweep(now);
        }
        return wait[0];
    }

    /** Devices with a bucket now, for tests and probes. */
    int tracked() {
        return buckets.size();
    }

    /** Seconds a refused device should wait (RFC 8516 §5: Max-Age of a 4.29), at least 1. */
    public static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Forgets full buckets; one thread at a time, the others carry on. */
    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            for (DeviceId device : buckets.keySet()) {
                buckets.computeIfPresent(device, (id, bucket) -> bucket.isFull(now) ? null : bucket);
            }
            // the next sweep waits until the map has doubled, so sweeping costs O(1) per request on average
            sweepAt = Math.max(MIN_SWEEP, 2 * buckets.size());
        } finally {
            sweeping.set(false);
        }
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Tokens and when they were last counted; only touched under the map's lock for its device. */
    private final class Bucket {
        private double tokens;
        private long counted;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.counted = now;
        }

        long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return ALLOWED;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / ratePerSecond));
        }

        boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            // a wall clock may step back; time never runs backwards for a bucket
            if (now > counted) {
                tokens = Math.min(burst, tokens + (now - counted) * ratePerSecond / NANOS_PER_SECOND);
                counted = now;
            }
        }
    }
}
