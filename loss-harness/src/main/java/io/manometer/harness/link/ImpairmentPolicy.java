package io.manometer.harness.link;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The decisions of one direction of one flow, free of sockets and clocks. Every datagram consumes exactly
 * {@link #DRAWS_PER_DATAGRAM} random numbers whatever is switched on, so the same seed and the same traffic give the
 * same decisions, and turning on duplication does not change which datagrams are lost. Not thread-safe: the link
 * owns one instance per flow and direction and uses it from its selector thread only.
 */
public final class ImpairmentPolicy {

    /** Random numbers per datagram: burst transition, loss, duplicate, reorder, delay, duplicate's delay, replay. */
    public static final int DRAWS_PER_DATAGRAM = 7;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final Impairment impairment;
    private final SplittableRandom random;
    private long count;
    private boolean bad;

    /** A policy drawing from a stream seeded with exactly {@code streamSeed}. */
    public ImpairmentPolicy(Impairment impairment, long streamSeed) {
        this.impairment = impairment;
        this.random = new SplittableRandom(streamSeed);
    }

    /**
     * The policy the link uses for one direction of the {@code flowIndex}-th flow (0-based, in order of the flows'
     * first datagram), so a test can predict the link's decisions from its seed.
     */
    public static ImpairmentPolicy forFlow(Impairment impairment, long seed, int flowIndex, Direction direction) {
        return new ImpairmentPolicy(impairment, streamSeed(seed, flowIndex, direction));
    }

    /** The seed of one flow direction's stream: a SplitMix64 mix of the link seed, flow index and direction. */
    public static long streamSeed(long seed, int flowIndex, Direction direction) {
        long z = seed + GOLDEN_GAMMA * (2L * flowIndex + direction.ordinal() + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Decides the fate of the next datagram, whose UDP payload has {@code payloadLength} bytes. */
    public Decision decide(int payloadLength) {
        long index = ++count;
        double transition = random.nextDouble();
        double loss = random.nextDouble();
        double duplicate = random.nextDouble();
        double reorder = random.nextDouble();
        double delay = random.nextDouble();
        double duplicateDelay = random.nextDouble();
        double replay = random.nextDouble();

        advanceBurstState(transition);
        if (impairment.mtu() > 0 && payloadLength > impairment.mtu()) {
            return new Decision.Drop(index, DropReason.MTU);
        }
        if (impairment.scriptedDrops().contains(index)) {
            return new Decision.Drop(index, DropReason.SCRIPT);
        }
        double lossPercent = bad ? impairment.burst().lossInBadPercent() : impairment.lossPercent();
        if (happens(loss, lossPercent)) {
            return new Decision.Drop(index, bad ? DropReason.BURST : DropReason.LOSS);
        }
        List<Duration> delays = happens(duplicate, impairment.duplicatePercent())
                ? List.of(delay(delay), delay(duplicateDelay)) : List.of(delay(delay));
        Optional<Duration> replayAfter = happens(replay, impairment.replayPercent())
                ? Optional.of(impairment.replayDelay()) : Optional.empty();
        return new Decision.Deliver(index, delays, happens(reorder, impairment.reorderPercent()), replayAfter);
    }

    /** Datagrams decided so far. */
    public long decided() {
        return count;
    }

    /** Whether the Gilbert–Elliott chain is in its bad state after the last decision. */
    public boolean inBadState() {
        return bad;
    }

    public Impairment impairment() {
        return impairment;
    }

    private void advanceBurstState(double draw) {
        GilbertElliott burst = impairment.burst();
        if (!burst.enabled()) {
            bad = false;
        } else if (bad) {
            bad = !happens(draw, burst.badToGoodPercent());
        } else {
            bad = happens(draw, burst.goodToBadPercent());
        }
    }

    private Duration delay(double draw) {
        long base = impairment.delay().toNanos();
        long jitter = impairment.jitter().toNanos();
        long offset = Math.round((2 * draw - 1) * jitter);
        return Duration.ofNanos(Math.max(0, base + offset));
    }

    private static boolean happens(double draw, double percent) {
        return draw * 100 < percent;
    }
}
