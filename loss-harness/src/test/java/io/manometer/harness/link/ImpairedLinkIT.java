package io.manometer.harness.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Forwarding, flows and lifecycle of the link over real loopback sockets. */
class ImpairedLinkIT extends LinkTestSupport {

    @Test
    void a_perfect_link_forwards_both_ways_for_several_devices() throws Exception {
        LoopbackServer server = echoServer();
        ImpairedLink link = start(config(server));
        List<LoopbackDevice> devices = List.of(device(link), device(link), device(link));

        for (LoopbackDevice device : devices) {
            for (int i = 1; i <= 5; i++) {
                device.send("d" + device.port() + "-" + i);
                assertEquals("d" + device.port() + "-" + i, device.receiveText());
            }
        }

        LinkCounters counters = await(link, c -> c.down().forwarded() == 15);
        assertEquals(15, counters.up().received());
        assertEquals(15, counters.up().forwarded());
        assertEquals(15, counters.down().received());
        assertEquals(0, counters.total().dropped());
        assertEquals(3, counters.flows());
        assertEquals(counters.up().bytesForwarded(), counters.down().bytesForwarded());
        assertEquals(0, counters.queued());
    }

    @Test
    void a_hundred_devices_at_once_each_get_their_own_flow_and_their_own_answers() throws Exception {
        LoopbackServer server = echoServer();
        ImpairedLink link = start(config(server));
        List<LoopbackDevice> devices = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            devices.add(device(link));
        }

        for (int round = 1; round <= 5; round++) {
            for (LoopbackDevice device : devices) {
                device.send(device.port() + "/" + round);
            }
            for (LoopbackDevice device : devices) {
                assertEquals(device.port() + "/" + round, device.receiveText());
            }
        }

        LinkCounters counters = await(link, c -> c.down().forwarded() == 500);
        assertEquals(100, counters.flows());
        assertEquals(500, counters.up().forwarded());
        Set<InetSocketAddress> sources = new HashSet<>();
        while (server.pending() > 0) {
            sources.add(server.next().from());
        }
        assertEquals(100, sources.size());
    }

    @Test
    void the_server_sees_one_distinct_source_port_per_device() throws Exception {
        LoopbackServer server = echoServer();
        ImpairedLink link = start(config(server));
        List<LoopbackDevice> devices = List.of(device(link), device(link), device(link));

        Map<String, Set<InetSocketAddress>> seen = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            for (LoopbackDevice device : devices) {
                device.send("from " + device.port());
                LoopbackServer.Datagram datagram = server.next();
                seen.computeIfAbsent(datagram.text(), k -> new HashSet<>()).add(datagram.from());
                device.receiveText();
            }
        }

        assertEquals(3, seen.size());
        seen.values().forEach(sources -> assertEquals(1, sources.size(), "one source per device: " + sources));
        Set<Integer> ports = seen.values().stream().map(s -> s.iterator().next().getPort())
                .collect(Collectors.toSet());
        assertEquals(3, ports.size());
        assertTrue(ports.stream().noneMatch(p -> p == link.address().getPort()));
    }

    @Test
    void close_stops_the_selector_thread_and_frees_the_port() throws Exception {
        LoopbackServer server = echoServer();
        ImpairedLink link = new ImpairedLink(config(server).build());
        link.start();
        InetSocketAddress address = link.address();
        try (LoopbackDevice device = new LoopbackDevice(address)) {
            device.send("ping");
            assertEquals("ping", device.receiveText());
        }
        assertEquals(List.of(ImpairedLink.THREAD_PREFIX + address.getPort()), linkThreads());

        link.close();

        assertEquals(List.of(), linkThreads());
        try (DatagramChannel rebound = DatagramChannel.open()) {
            rebound.bind(address);
        }
        link.close(); // idempotent
    }

    @Test
    void waiting_on_counters_fails_when_the_link_closes_and_lifecycle_misuse_is_refused() throws Exception {
        LoopbackServer server = silentServer();
        ImpairedLink link = new ImpairedLink(config(server).build());
        assertThrows(IllegalStateException.class, link::address);
        link.start();
        assertThrows(IllegalStateException.class, link::start);
        var never = link.whenCounters(c -> c.flows() > 100);

        link.close();

        ExecutionException e = assertThrows(ExecutionException.class, never::get);
        assertTrue(e.getCause() instanceof IllegalStateException);
        assertThrows(IllegalStateException.class, link::start);
        assertNotEquals(0, link.address().getPort());
    }
}
