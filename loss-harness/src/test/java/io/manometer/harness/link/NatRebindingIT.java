package io.manometer.harness.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NatRebindingIT extends LinkTestSupport {

    @Test
    void rebinding_every_k_datagrams_changes_the_port_the_server_sees() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).rebind(RebindPolicy.everyDatagrams(2)));
        LoopbackDevice device = device(link);

        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            device.send("n" + i);
            ports.add(server.next().from().getPort());
        }

        assertEquals(ports.get(0), ports.get(1));
        assertEquals(ports.get(2), ports.get(3));
        assertNotEquals(ports.get(1), ports.get(2));
        assertNotEquals(ports.get(3), ports.get(4));
        assertNotEquals(ports.get(0), ports.get(4));
        LinkCounters counters = await(link, c -> c.up().forwarded() == 5);
        assertEquals(2, counters.rebinds());
        assertEquals(1, counters.flows());
    }

    @Test
    void a_reply_to_a_forgotten_port_is_lost_and_counted_while_the_new_port_works() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).rebind(RebindPolicy.everyDatagrams(1)));
        LoopbackDevice device = device(link);
        device.send("first");
        InetSocketAddress oldPort = server.next().from();
        device.send("second");
        InetSocketAddress newPort = server.next().from();

        server.send(oldPort, bytes("to the forgotten port"));
        server.send(newPort, bytes("to the current port"));

        assertEquals("to the current port", device.receiveText());
        LinkCounters counters = await(link, c -> c.lostToRebinding() == 1);
        assertEquals(1, counters.rebinds());
        assertEquals(1, counters.down().forwarded());
    }

    @Test
    void an_idle_mapping_is_forgotten_and_the_next_datagram_gets_a_new_port() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = start(config(server).rebind(RebindPolicy.afterIdle(Duration.ofMillis(200))));
        LoopbackDevice device = device(link);
        device.send("before");
        InetSocketAddress before = server.next().from();

        // the NAT timer must run out: schedule the late reply instead of sleeping in the test thread
        CompletableFuture.runAsync(() -> send(server, before, "too late"),
                CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS)).get(5, TimeUnit.SECONDS);
        await(link, c -> c.lostToRebinding() == 1);
        device.send("after");

        assertNotEquals(before, server.next().from());
        assertEquals(1, await(link, c -> c.up().forwarded() == 2).rebinds());
    }

    private static void send(LoopbackServer server, InetSocketAddress to, String text) {
        try {
            server.send(to, bytes(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
