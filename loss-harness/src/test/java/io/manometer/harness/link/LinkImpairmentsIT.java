package io.manometer.harness.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each impairment over real loopback sockets: what arrives, when, and what is counted. */
class LinkImpairmentsIT extends LinkTestSupport {

    @Test
    void a_delay_holds_datagrams_for_at_least_the_delay() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).up(Impairment.builder().delay(Duration.ofMillis(150)).build()));
        LoopbackDevice device = device(link);

        long sent = System.nanoTime();
        device.send("late");

        assertTrue(millis(server.next().nanos() - sent) >= 150);
        assertEquals(1, await(link, c -> c.up().forwarded() == 1).up().delayed());
    }

    @Test
    void a_replayed_copy_arrives_after_the_replay_delay_and_is_counted() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).up(Impairment.builder().replay(100)
                .replayDelay(Duration.ofMillis(200)).build()));
        LoopbackDevice device = device(link);

        device.send("record me");
        LoopbackServer.Datagram original = server.next();
        LoopbackServer.Datagram replay = server.next();

        assertEquals("record me", replay.text());
        assertEquals(original.from(), replay.from());
        assertTrue(millis(replay.nanos() - original.nanos()) >= 190, millis(replay.nanos() - original.nanos()) + "ms");
        LinkCounters counters = await(link, c -> c.up().replayed() == 1);
        assertEquals(1, counters.up().received());
        assertEquals(2, counters.up().forwarded());
    }

    @Test
    void the_mtu_drops_larger_datagrams_and_passes_the_rest() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).up(Impairment.builder().mtu(100).build()));
        LoopbackDevice device = device(link);

        device.send(new byte[100]);
        device.send(new byte[101]);
        device.send(new byte[50]);

        assertEquals(100, server.next().data().length);
        assertEquals(50, server.next().data().length, "the 101-byte datagram must not arrive");
        LinkCounters counters = await(link, c -> c.up().received() == 3);
        assertEquals(1, counters.up().droppedMtu());
        assertEquals(2, counters.up().forwarded());
    }

    @Test
    void a_scripted_drop_loses_exactly_that_datagram_of_each_device() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).up(Impairment.builder().drop(2).build()));
        List<LoopbackDevice> devices = List.of(device(link), device(link));

        for (LoopbackDevice device : devices) {
            for (int i = 1; i <= 3; i++) {
                device.send(device.port() + "#" + i);
            }
        }

        List<String> received = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            received.add(server.next().text());
        }
        for (LoopbackDevice device : devices) {
            assertEquals(List.of(device.port() + "#1", device.port() + "#3"),
                    received.stream().filter(t -> t.startsWith(device.port() + "#")).toList());
        }
        assertEquals(2, await(link, c -> c.up().received() == 6).up().droppedScript());
    }

    @Test
    void the_link_drops_exactly_what_the_policy_predicts_for_its_seed() throws Exception {
        Impairment lossy = Impairment.builder().loss(50).build();
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).up(lossy).seed(7));
        LoopbackDevice device = device(link);
        ImpairmentPolicy prediction = ImpairmentPolicy.forFlow(lossy, 7, 0, Direction.UP);
        List<String> expected = new ArrayList<>();

        for (int i = 1; i <= 200; i++) {
            device.send("n" + i);
            if (prediction.decide(("n" + i).length()) instanceof Decision.Deliver) {
                expected.add("n" + i);
            }
        }

        List<String> received = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            received.add(server.next().text());
        }
        assertEquals(expected, received);
        LinkCounters counters = await(link, c -> c.up().received() == 200);
        assertEquals(200 - expected.size(), counters.up().droppedLoss());
        assertEquals(0, server.pending());
    }

    @Test
    void reordering_releases_a_held_datagram_right_after_its_successor() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).up(Impairment.builder().reorder(100)
                .reorderMaxHold(Duration.ofSeconds(3)).build()));
        LoopbackDevice device = device(link);

        for (int i = 1; i <= 4; i++) {
            device.send("r" + i);
        }

        List<String> received = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            received.add(server.next().text());
        }
        assertEquals(List.of("r2", "r1", "r4", "r3"), received);
        assertEquals(2, await(link, c -> c.up().forwarded() == 4).up().reordered());
    }

    @Test
    void a_held_datagram_without_successor_leaves_after_the_max_hold() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).up(Impairment.builder().reorder(100)
                .reorderMaxHold(Duration.ofMillis(120)).build()));
        LoopbackDevice device = device(link);

        long sent = System.nanoTime();
        device.send("alone");

        assertTrue(millis(server.next().nanos() - sent) >= 120);
    }

    @Test
    void duplication_sends_every_datagram_twice_and_counts_the_copies() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).up(Impairment.builder().duplicate(100).build()));
        LoopbackDevice device = device(link);

        device.send("twice");

        assertEquals("twice", server.next().text());
        assertEquals("twice", server.next().text());
        LinkCounters counters = await(link, c -> c.up().duplicated() == 1);
        assertEquals(2, counters.up().forwarded());
        assertEquals(1, counters.up().received());
    }
}
