package io.manometer.harness.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one direction of the link does to the datagrams crossing it. Immutable; build with {@link #builder()}.
 * Every value is validated here so that a bad command line or test setup fails with one clear message instead of
 * a link that silently does something else.
 *
 * @param lossPercent random loss, 0..100 (with burst loss on: the loss of the good state)
 * @param burst Gilbert–Elliott burst loss, {@link GilbertElliott#OFF} by default
 * @param duplicatePercent chance that a forwarded datagram is sent twice (the copy gets its own jitter)
 * @param reorderPercent chance that a forwarded datagram is held back until the next datagram of the same flow and
 *        direction has been sent, or until {@code reorderMaxHold} has passed
 * @param reorderMaxHold longest a held datagram waits for a successor
 * @param delay base one-way delay of every forwarded datagram
 * @param jitter uniform jitter: the delay is drawn from {@code [delay - jitter, delay + jitter]}, never below 0
 * @param mtu largest UDP payload in bytes that passes; larger datagrams are dropped; 0 = no limit
 * @param replayPercent chance that a forwarded datagram is recorded and re-injected after {@code replayDelay}, as
 *        an on-path attacker would (RFC 6347 §4.1.2.6 says a DTLS receiver must discard it)
 * @param replayDelay how long after the original a replayed copy is injected
 * @param scriptedDrops 1-based indexes of the datagrams to drop, counted per flow (device) in this direction
 */
public record Impairment(double lossPercent, GilbertElliott burst, double duplicatePercent, double reorderPercent,
        Duration reorderMaxHold, Duration delay, Duration jitter, int mtu, double replayPercent, Duration replayDelay,
        SortedSet<Long> scriptedDrops) {

    public static final Duration DEFAULT_REORDER_MAX_HOLD = Duration.ofMillis(50);
    public static final Duration DEFAULT_REPLAY_DELAY = Duration.ofSeconds(1);
    /** The largest UDP payload over IPv4, RFC 768 length minus the IPv4 and UDP headers. */
    public static final int MAX_UDP_PAYLOAD = 65_507;

    /** A perfect link. */
    public static final Impairment NONE = builder().build();

    public Impairment {
        checkPercent("loss", lossPercent);
        Objects.requireNonNull(burst, "burst");
        checkPercent("duplicate", duplicatePercent);
        checkPercent("reorder", reorderPercent);
        checkDuration("reorder max hold", reorderMaxHold);
        checkDuration("delay", delay);
        checkDuration("jitter", jitter);
        checkPercent("replay", replayPercent);
        checkDuration("replay delay", replayDelay);
        if (reorderPercent > 0 && reorderMaxHold.isZero()) {
            throw new IllegalArgumentException("reorder max hold must be greater than 0 when reorder is on");
        }
        if (mtu < 0 || mtu > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException("mtu must be 0 (no limit) or 1.." + MAX_UDP_PAYLOAD + " bytes, got "
                    + mtu);
        }
        TreeSet<Long> drops = new TreeSet<>();
        for (Long index : Objects.requireNonNull(scriptedDrops, "scriptedDrops")) {
            if (index == null || index < 1) {
                throw new IllegalArgumentException("scripted drops are 1-based datagram numbers, got " + index);
            }
            drops.add(index);
        }
        scriptedDrops = Collections.unmodifiableSortedSet(drops);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().loss(lossPercent).burst(burst).duplicate(duplicatePercent).reorder(reorderPercent)
                .reorderMaxHold(reorderMaxHold).delay(delay).jitter(jitter).mtu(mtu).replay(replayPercent)
                .replayDelay(replayDelay).scriptedDrops(scriptedDrops);
    }

    /** True when this direction changes nothing. */
    public boolean isNone() {
        return equals(NONE);
    }

    /** Short form for startup lines and reports, e.g. {@code loss=20% delay=20ms±10ms mtu=1280}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        add(parts, lossPercent > 0, "loss=" + percent(lossPercent) + "%");
        add(parts, burst.enabled(), "burst=" + burst);
        add(parts, duplicatePercent > 0, "dup=" + percent(duplicatePercent) + "%");
        add(parts, reorderPercent > 0, "reorder=" + percent(reorderPercent) + "%/" + millis(reorderMaxHold));
        add(parts, !delay.isZero() || !jitter.isZero(), "delay=" + millis(delay) + "±" + millis(jitter));
        add(parts, mtu > 0, "mtu=" + mtu);
        add(parts, replayPercent > 0, "replay=" + percent(replayPercent) + "%@" + millis(replayDelay));
        add(parts, !scriptedDrops.isEmpty(),
                "drop=" + scriptedDrops.stream().map(i -> "#" + i).collect(Collectors.joining(",")));
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }

    static void checkPercent(String name, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be 0..100 %, got " + value);
        }
    }

    static String percent(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void checkDuration(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }

    private static String millis(Duration duration) {
        long nanos = duration.toNanos();
        return nanos % 1_000_000 == 0 ? (nanos / 1_000_000) + "ms" : (nanos / 1_000) + "us";
    }

    private static void add(List<String> parts, boolean on, String text) {
        if (on) {
            parts.add(text);
        }
    }

    /** Mutable builder; {@link #build()} validates. Unset values are the defaults of a perfect link. */
    public static final class Builder {
        private double loss;
        private GilbertElliott burst = GilbertElliott.OFF;
        private double duplicate;
        private double reorder;
        private Duration reorderMaxHold = DEFAULT_REORDER_MAX_HOLD;
        private Duration delay = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private int mtu;
        private double replay;
        private Duration replayDelay = DEFAULT_REPLAY_DELAY;
        private final SortedSet<Long> drops = new TreeSet<>();

        private Builder() {
        }

        public Builder loss(double percent) {
            this.loss = percent;
            return this;
        }

        public Builder burst(GilbertElliott burst) {
            this.burst = burst;
            return this;
        }

        public Builder duplicate(double percent) {
            this.duplicate = percent;
            return this;
        }

        public Builder reorder(double percent) {
            this.reorder = percent;
            return this;
        }

        public Builder reorderMaxHold(Duration maxHold) {
            this.reorderMaxHold = maxHold;
            return this;
        }

        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        public Builder jitter(Duration jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder mtu(int bytes) {
            this.mtu = bytes;
            return this;
        }

        public Builder replay(double percent) {
            this.replay = percent;
            return this;
        }

        public Builder replayDelay(Duration delay) {
            this.replayDelay = delay;
            return this;
        }

        /** Adds 1-based datagram numbers to drop in every flow, e.g. {@code drop(1)} loses each first datagram. */
        public Builder drop(long... indexes) {
            for (long index : indexes) {
                drops.add(index);
            }
            return this;
        }

        /** Replaces the scripted drops. */
        public Builder scriptedDrops(Collection<Long> indexes) {
            drops.clear();
            drops.addAll(indexes);
            return this;
        }

        public Impairment build() {
            return new Impairment(loss, burst, duplicate, reorder, reorderMaxHold, delay, jitter, mtu, replay,
                    replayDelay, drops);
        }
    }
}
