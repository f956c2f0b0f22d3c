package io.manometer.bench;

import io.manometer.cli.Cli;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * How long one round of load lasts: for a fixed time, or until a fixed number of readings was sent. Either way
 * the round ends when the last request sent has its outcome, so both limits measure the same thing.
 */
sealed interface LoadLimit {

    /** Grants one more request; called from many threads at once, once per request. */
    BooleanSupplier permits(long startNanos);

    /** For the report's header, e.g. {@code 10 s} or {@code 20000 readings}. */
    String describe();

    /** Requests are sent until {@code duration} after the start. */
    record Timed(Duration duration) implements LoadLimit {
        @Override
        public BooleanSupplier permits(long startNanos) {
            long deadline = startNanos + duration.toNanos();
            return () -> System.nanoTime() - deadline < 0;
        }

        @Override
        public String describe() {
            return Cli.format(duration).replaceAll("(\\d)([a-z])", "$1 $2");
        }
    }

    /** Exactly {@code readings} requests are sent, spread over the devices by whoever is free first. */
    record Counted(long readings) implements LoadLimit {
        @Override
        public BooleanSupplier permits(long startNanos) {
            AtomicLong left = new AtomicLong(readings);
            return () -> left.getAndDecrement() > 0;
        }

        @Override
        public String describe() {
            return readings + " readings";
        }
    }
}
