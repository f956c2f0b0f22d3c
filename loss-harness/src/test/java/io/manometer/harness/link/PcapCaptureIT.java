package io.manometer.harness.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapCaptureIT extends LinkTestSupport {

    @TempDir
    Path dir;

    @Test
    void the_capture_holds_forwarded_and_dropped_datagrams_on_the_server_hop_with_comments() throws Exception {
        Path file = dir.resolve("link.pcapng");
        LoopbackServer server = echoServer();
        ImpairedLink link = start(config(server).up(Impairment.builder().drop(2).build())
                .down(Impairment.builder().duplicate(100).build()).pcap(file));
        LoopbackDevice device = device(link);

        device.send("one");
        assertEquals("one", device.receiveText());
        assertEquals("one", device.receiveText());
        device.send("two");
        device.send("three");
        assertEquals("three", device.receiveText());
        assertEquals("three", device.receiveText());
        int serverSide = server.next().from().getPort();
        int serverPort = server.address().getPort();
        await(link, c -> c.down().duplicated() == 2);
        link.close();

        List<PcapngReader.Packet> packets = PcapngReader.packets(Files.readAllBytes(file));
        List<String> summary = packets.stream().map(p -> (p.interfaceId() == 0 ? "fwd " : "drop ")
                + (p.sourcePort() == serverSide ? "up " : "down ") + new String(p.payload()) + " " + p.comment())
                .map(String::trim).toList();
        assertEquals(List.of("fwd up one", "fwd down one", "fwd down one duplicate", "drop up two dropped: script #2",
                "fwd up three", "fwd down three", "fwd down three duplicate"), summary);
        assertTrue(packets.stream().allMatch(p -> p.sourcePort() == serverPort || p.destinationPort() == serverPort));
        if (tsharkAvailable()) {
            List<String> comments = PcapTsharkTest.tshark(file, "-Y", "frame.interface_name == \"dropped\"",
                    "-T", "fields", "-e", "frame.comment");
            assertEquals(List.of("dropped: script #2"), comments);
        }
    }

    private static boolean tsharkAvailable() {
        try {
            PcapTsharkTest.requireTshark();
            return true;
        } catch (org.opentest4j.TestAbortedException e) {
            return false;
        }
    }
}
