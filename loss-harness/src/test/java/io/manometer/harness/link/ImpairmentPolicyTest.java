package io.manometer.harness.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImpairmentPolicyTest {

    private static final int N = 100_000;
    private static final int PAYLOAD = 100;

    @Test
    void a_perfect_link_delivers_every_datagram_at_once_in_order() {
        List<Decision> decisions = decide(Impairment.NONE, 42, 1_000);

        for (int i = 0; i < decisions.size(); i++) {
            Decision.Deliver deliver = assertInstanceOf(Decision.Deliver.class, decisions.get(i));
            assertEquals(i + 1, deliver.index());
            assertEquals(List.of(Duration.ZERO), deliver.delays());
            assertEquals(false, deliver.hold());
            assertTrue(deliver.replayAfter().isEmpty());
        }
    }

    @Test
    void random_loss_rate_is_within_one_percent_of_the_setting() {
        List<Decision> decisions = decide(Impairment.builder().loss(20).build(), 42, N);

        assertRate(0.20, count(decisions, DropReason.LOSS), N, 0.01);
        assertEquals(0, count(decisions, DropReason.BURST));
    }

    @Test
    void gilbert_elliott_loss_and_mean_burst_length_follow_the_model() {
        GilbertElliott burst = GilbertElliott.of(1, 25);
        List<Decision> decisions = decide(Impairment.builder().burst(burst).build(), 42, 2 * N);

        double expectedLoss = 0.01 / (0.01 + 0.25);
        assertRate(expectedLoss, count(decisions, DropReason.BURST), 2 * N, 0.005);
        assertEquals(0, count(decisions, DropReason.LOSS));
        double meanRun = meanRunLength(decisions, DropReason.BURST);
        assertEquals(burst.meanBurstLength(), meanRun, 0.4, "mean burst length");
    }

    @Test
    void burst_loss_in_the_bad_state_can_be_partial() {
        List<Decision> decisions = decide(Impairment.builder().burst(new GilbertElliott(1, 25, 50)).build(), 7, 2 * N);

        assertRate(0.5 * 0.01 / 0.26, count(decisions, DropReason.BURST), 2 * N, 0.005);
    }

    @Test
    void under_burst_loss_the_good_state_loses_at_the_random_loss_rate() {
        List<Decision> decisions = decide(Impairment.builder().loss(10).burst(GilbertElliott.of(1, 25)).build(), 42,
                2 * N);

        double good = 0.25 / 0.26;
        assertRate(good * 0.10, count(decisions, DropReason.LOSS), 2 * N, 0.005);
        assertRate(1 - good, count(decisions, DropReason.BURST), 2 * N, 0.005);
    }

    @Test
    void duplicate_reorder_and_replay_rates_are_within_one_percent() {
        Impairment impairment = Impairment.builder().duplicate(5).reorder(10).replay(15)
                .replayDelay(Duration.ofMillis(300)).build();
        List<Decision.Deliver> delivered = delivered(decide(impairment, 42, N));

        assertEquals(N, delivered.size());
        assertRate(0.05, delivered.stream().filter(Decision.Deliver::duplicated).count(), N, 0.01);
        assertRate(0.10, delivered.stream().filter(Decision.Deliver::hold).count(), N, 0.01);
        assertRate(0.15, delivered.stream().filter(d -> d.replayAfter().isPresent()).count(), N, 0.01);
        assertTrue(delivered.stream().allMatch(d -> d.replayAfter().orElse(Duration.ofMillis(300))
                .equals(Duration.ofMillis(300))));
    }

    @Test
    void delays_stay_within_delay_plus_minus_jitter_and_use_the_whole_range() {
        Impairment impairment = Impairment.builder().delay(Duration.ofMillis(20)).jitter(Duration.ofMillis(10))
                .duplicate(50).build();
        List<Long> delays = new ArrayList<>();
        delivered(decide(impairment, 42, N)).forEach(d -> d.delays().forEach(delay -> delays.add(delay.toNanos())));

        long min = delays.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = delays.stream().mapToLong(Long::longValue).max().orElseThrow();
        double mean = delays.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertTrue(min >= 10_000_000 && min < 10_100_000, "min " + min);
        assertTrue(max <= 30_000_000 && max > 29_900_000, "max " + max);
        assertEquals(20_000_000, mean, 100_000);
    }

    @Test
    void jitter_larger_than_the_delay_never_gives_a_negative_delay() {
        Impairment impairment = Impairment.builder().delay(Duration.ofMillis(5)).jitter(Duration.ofMillis(20)).build();

        List<Decision.Deliver> delivered = delivered(decide(impairment, 42, 10_000));

        assertTrue(delivered.stream().allMatch(d -> !d.delay().isNegative()));
        assertTrue(delivered.stream().anyMatch(d -> d.delay().isZero()));
    }

    @Test
    void the_same_seed_gives_the_same_decisions_and_another_seed_does_not() {
        Impairment impairment = Impairment.builder().loss(10).burst(GilbertElliott.of(2, 30)).duplicate(5)
                .reorder(5).delay(Duration.ofMillis(20)).jitter(Duration.ofMillis(10)).replay(3).build();

        assertEquals(decide(impairment, 42, 10_000), decide(impairment, 42, 10_000));
        assertNotEquals(decide(impairment, 42, 10_000), decide(impairment, 43, 10_000));
    }

    @Test
    void every_flow_and_direction_draws_from_its_own_stream() {
        Impairment impairment = Impairment.builder().loss(50).build();

        List<Decision> flow0Up = decide(ImpairmentPolicy.forFlow(impairment, 42, 0, Direction.UP), 1_000);
        List<Decision> flow0Down = decide(ImpairmentPolicy.forFlow(impairment, 42, 0, Direction.DOWN), 1_000);
        List<Decision> flow1Up = decide(ImpairmentPolicy.forFlow(impairment, 42, 1, Direction.UP), 1_000);

        assertNotEquals(flow0Up, flow0Down);
        assertNotEquals(flow0Up, flow1Up);
        assertEquals(flow0Up, decide(ImpairmentPolicy.forFlow(impairment, 42, 0, Direction.UP), 1_000));
    }

    @Test
    void switching_on_other_impairments_does_not_change_which_datagrams_are_lost() {
        Impairment lossOnly = Impairment.builder().loss(20).build();
        Impairment everything = lossOnly.toBuilder().duplicate(30).reorder(30).replay(30)
                .delay(Duration.ofMillis(5)).jitter(Duration.ofMillis(5)).build();

        assertEquals(lostIndexes(decide(lossOnly, 42, 10_000)), lostIndexes(decide(everything, 42, 10_000)));
    }

    @Test
    void the_mtu_drops_exactly_the_datagrams_with_a_larger_payload() {
        ImpairmentPolicy policy = new ImpairmentPolicy(Impairment.builder().mtu(1280).build(), 42);

        assertInstanceOf(Decision.Deliver.class, policy.decide(0));
        assertInstanceOf(Decision.Deliver.class, policy.decide(1279));
        assertInstanceOf(Decision.Deliver.class, policy.decide(1280));
        assertEquals(new Decision.Drop(4, DropReason.MTU), policy.decide(1281));
        assertEquals(new Decision.Drop(5, DropReason.MTU), policy.decide(9000));
        assertInstanceOf(Decision.Deliver.class, policy.decide(100));
    }

    @Test
    void scripted_drops_hit_exactly_the_listed_datagrams() {
        ImpairmentPolicy policy = new ImpairmentPolicy(Impairment.builder().drop(1, 3).build(), 42);

        assertEquals(new Decision.Drop(1, DropReason.SCRIPT), policy.decide(PAYLOAD));
        assertInstanceOf(Decision.Deliver.class, policy.decide(PAYLOAD));
        assertEquals(new Decision.Drop(3, DropReason.SCRIPT), policy.decide(PAYLOAD));
        for (int i = 4; i < 100; i++) {
            assertInstanceOf(Decision.Deliver.class, policy.decide(PAYLOAD));
        }
        assertEquals(99, policy.decided());
    }

    @Test
    void stream_seeds_differ_per_flow_direction_and_seed() {
        long a = ImpairmentPolicy.streamSeed(42, 0, Direction.UP);

        assertNotEquals(a, ImpairmentPolicy.streamSeed(42, 0, Direction.DOWN));
        assertNotEquals(a, ImpairmentPolicy.streamSeed(42, 1, Direction.UP));
        assertNotEquals(a, ImpairmentPolicy.streamSeed(43, 0, Direction.UP));
        assertEquals(a, ImpairmentPolicy.streamSeed(42, 0, Direction.UP));
    }

    static List<Decision> decide(Impairment impairment, long seed, int count) {
        return decide(ImpairmentPolicy.forFlow(impairment, seed, 0, Direction.UP), count);
    }

    private static List<Decision> decide(ImpairmentPolicy policy, int count) {
        List<Decision> decisions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            decisions.add(policy.decide(PAYLOAD));
        }
        return decisions;
    }

    private static List<Decision.Deliver> delivered(List<Decision> decisions) {
        return decisions.stream().filter(Decision.Deliver.class::isInstance).map(Decision.Deliver.class::cast)
                .toList();
    }

    private static List<Long> lostIndexes(List<Decision> decisions) {
        return decisions.stream().filter(Decision.Drop.class::isInstance).map(Decision::index).toList();
    }

    private static long count(List<Decision> decisions, DropReason reason) {
        return decisions.stream().filter(d -> d instanceof Decision.Drop drop && drop.reason() == reason).count();
    }

    /** The mean length of runs of consecutive drops for {@code reason}. */
    private static double meanRunLength(List<Decision> decisions, DropReason reason) {
        long runs = 0;
        long dropped = 0;
        boolean inRun = false;
        for (Decision decision : decisions) {
            boolean hit = decision instanceof Decision.Drop drop && drop.reason() == reason;
            if (hit) {
                dropped++;
                runs += inRun ? 0 : 1;
            }
            inRun = hit;
        }
        return (double) dropped / runs;
    }

    private static void assertRate(double expected, long hits, int total, double tolerance) {
        assertEquals(expected, (double) hits / total, tolerance, hits + " of " + total);
    }
}
