package io.manometer.harness.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ImpairmentTest {

    @Test
    void percentages_outside_0_to_100_are_rejected_with_their_name() {
        assertMessage("loss must be 0..100 %, got 101.0", () -> Impairment.builder().loss(101).build());
        assertMessage("duplicate must be 0..100 %, got -1.0", () -> Impairment.builder().duplicate(-1).build());
        assertMessage("reorder must be 0..100 %, got NaN", () -> Impairment.builder().reorder(Double.NaN).build());
        assertMessage("replay must be 0..100 %, got 200.0", () -> Impairment.builder().replay(200).build());
        assertMessage("burst good->bad must be 0..100 %, got 150.0", () -> GilbertElliott.of(150, 10));
    }

    @Test
    void a_burst_that_can_never_end_is_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GilbertElliott.of(1, 0));

        assertTrue(e.getMessage().contains("bad->good must be greater than 0"), e.getMessage());
    }

    @Test
    void negative_durations_mtu_and_drop_numbers_are_rejected() {
        assertMessage("delay must not be negative, got PT-0.001S",
                () -> Impairment.builder().delay(Duration.ofMillis(-1)).build());
        assertMessage("mtu must be 0 (no limit) or 1..65507 bytes, got -1", () -> Impairment.builder().mtu(-1).build());
        assertMessage("scripted drops are 1-based datagram numbers, got 0", () -> Impairment.builder().drop(0).build());
        assertMessage("reorder max hold must be greater than 0 when reorder is on",
                () -> Impairment.builder().reorder(5).reorderMaxHold(Duration.ZERO).build());
        assertMessage("rebind every must be 0 (off) or a number of datagrams, got -2",
                () -> RebindPolicy.everyDatagrams(-2));
    }

    @Test
    void describe_names_every_impairment_that_is_on() {
        Impairment impairment = Impairment.builder().loss(20).burst(GilbertElliott.of(1, 25)).duplicate(2.5)
                .reorder(5).delay(Duration.ofMillis(20)).jitter(Duration.ofMillis(10)).mtu(1280).replay(1)
                .drop(5, 3).build();

        assertEquals("loss=20% burst=1/25/100 dup=2.5% reorder=5%/50ms delay=20ms±10ms mtu=1280 replay=1%@1000ms"
                + " drop=#3,#5", impairment.describe());
        assertEquals("none", Impairment.NONE.describe());
        assertTrue(Impairment.NONE.isNone());
    }

    @Test
    void to_builder_reproduces_the_impairment() {
        Impairment impairment = Impairment.builder().loss(3).burst(new GilbertElliott(1, 20, 80)).duplicate(4)
                .reorder(5).reorderMaxHold(Duration.ofMillis(7)).delay(Duration.ofMillis(8))
                .jitter(Duration.ofMillis(9)).mtu(600).replay(10).replayDelay(Duration.ofMillis(11)).drop(1, 2)
                .build();

        assertEquals(impairment, impairment.toBuilder().build());
        assertEquals(List.of(1L, 2L), List.copyOf(impairment.scriptedDrops()));
    }

    @Test
    void a_link_config_needs_a_target_port_and_defaults_to_a_perfect_seeded_link() {
        InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
        LinkConfig config = LinkConfig.builder(listen, new InetSocketAddress("127.0.0.1", 5684)).build();

        assertEquals(Impairment.NONE, config.up());
        assertEquals(Impairment.NONE, config.down());
        assertEquals(LinkConfig.DEFAULT_SEED, config.seed());
        assertEquals(RebindPolicy.OFF, config.rebind());
        assertTrue(config.pcap().isEmpty());
        assertMessage("target needs a port",
                () -> LinkConfig.builder(listen, new InetSocketAddress("127.0.0.1", 0)).build());
    }

    private static void assertMessage(String expected, Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }
}
