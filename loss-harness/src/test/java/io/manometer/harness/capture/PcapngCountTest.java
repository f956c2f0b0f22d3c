package io.manometer.harness.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.harness.link.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PcapngCountTest {

    private static final InetSocketAddress DEVICE = new InetSocketAddress("127.0.0.1", 51001);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 5684);

    @Test
    void counts_every_packet_of_both_interfaces() throws IOException {
        assertEquals(3, PcapngCount.packets(capture(3)));
    }

    @Test
    void a_file_with_headers_only_has_no_packets() throws IOException {
        assertEquals(0, PcapngCount.packets(capture(0)));
    }

    @Test
    void a_packet_still_being_written_is_not_counted_yet() throws IOException {
        byte[] whole = capture(2);

        assertEquals(1, PcapngCount.packets(Arrays.copyOf(whole, whole.length - 1)));
    }

    @Test
    void something_else_counts_as_empty() {
        assertEquals(0, PcapngCount.packets(new byte[] {1, 2, 3}));
        assertEquals(0, PcapngCount.packets(new byte[64]));
    }

    private static byte[] capture(int packets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(out, PcapWriter.DEFAULT_MAX_BYTES)) {
            for (int i = 0; i < packets; i++) {
                PcapWriter.Interface iface = i % 2 == 0 ? PcapWriter.Interface.FORWARDED
                        : PcapWriter.Interface.DROPPED;
                writer.write(iface, 1_700_000_000_000_000L + i, DEVICE, SERVER, new byte[] {(byte) i, 2, 3},
                        i % 2 == 0 ? "" : "dropped: loss");
            }
        }
        return out.toByteArray();
    }
}
