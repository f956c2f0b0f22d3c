package io.manometer.harness.link;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the link does with one datagram, decided by {@link ImpairmentPolicy} before any socket is touched, so that
 * every impairment can be tested, and replayed from a seed, without a network.
 */
public sealed interface Decision permits Decision.Drop, Decision.Deliver {

    /** The datagram's 1-based number within its flow and direction. */
    long index();

    /** The datagram is lost. */
    record Drop(long index, DropReason reason) implements Decision {
        public Drop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The datagram is forwarded.
     *
     * @param delays one delay per copy to send: the original first, then the duplicate if there is one
     * @param hold hold the original back until the next datagram of this flow and direction has been sent
     * @param replayAfter when present, inject a recorded copy this long after the original arrived
     */
    record Deliver(long index, List<Duration> delays, boolean hold, Optional<Duration> replayAfter)
            implements Decision {
        public Deliver {
            delays = List.copyOf(delays);
            if (delays.isEmpty()) {
                throw new IllegalArgumentException("a delivery needs at least the original's delay");
            }
            Objects.requireNonNull(replayAfter, "replayAfter");
        }

        public Duration delay() {
            return delays.get(0);
        }

        public boolean duplicated() {
            return delays.size() > 1;
        }
    }
}
