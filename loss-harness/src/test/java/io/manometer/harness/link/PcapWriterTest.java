package io.manometer.harness.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapWriterTest {

    static final InetSocketAddress DEVICE = new InetSocketAddress(ipv4(127, 0, 0, 1), 51001);
    static final InetSocketAddress SERVER = new InetSocketAddress(ipv4(127, 0, 0, 1), 5684);
    private static final long MICROS = 1_700_000_000_123_456L;

    @Test
    void the_file_starts_with_a_section_header_and_two_raw_ip_interfaces() throws IOException {
        List<PcapngReader.Block> blocks = PcapngReader.blocks(write(w -> { }));

        assertEquals(3, blocks.size());
        PcapngReader.Block shb = blocks.get(0);
        assertEquals(0x0A0D0D0A, shb.type());
        assertEquals(0x1A2B3C4D, shb.body().getInt());
        assertEquals(1, shb.body().getShort());
        assertEquals(0, shb.body().getShort());
        assertEquals(-1L, shb.body().getLong());
        assertEquals("manometer loss-harness", PcapngReader.option(shb.body(), PcapWriter.SHB_USER_APPLICATION));
        for (int i = 1; i <= 2; i++) {
            PcapngReader.Block idb = blocks.get(i);
            assertEquals(1, idb.type());
            assertEquals(101, idb.body().getShort());
            assertEquals(0, idb.body().getShort());
            assertEquals(PcapWriter.SNAP_LENGTH, idb.body().getInt());
            assertEquals(i == 1 ? "forwarded" : "dropped", PcapngReader.option(idb.body(), PcapWriter.IF_NAME));
        }
    }

    @Test
    void a_packet_reads_back_with_interface_time_addresses_payload_and_comment() throws IOException {
        byte[] payload = "hello, coaps".getBytes(StandardCharsets.US_ASCII); // 12 bytes: no padding needed
        byte[] file = write(w -> w.write(PcapWriter.Interface.DROPPED, MICROS, DEVICE, SERVER, payload,
                "dropped: loss"));

        List<PcapngReader.Packet> packets = PcapngReader.packets(file);
        assertEquals(1, packets.size());
        PcapngReader.Packet packet = packets.get(0);
        assertEquals(1, packet.interfaceId());
        assertEquals(MICROS, packet.epochMicros());
        assertEquals("dropped: loss", packet.comment());
        assertEquals(4, packet.version());
        assertEquals(51001, packet.sourcePort());
        assertEquals(5684, packet.destinationPort());
        assertArrayEquals(payload, packet.payload());
        byte[] ip = packet.ipPacket();
        assertEquals(20 + 8 + 12, ip.length);
        assertEquals(17, ip[9]);
        assertEquals(0xFFFF, SyntheticUdpPacket.sum(ip, 0, 20, 0), "IPv4 header checksum");
        assertEquals(8 + 12, ((ip[24] & 0xFF) << 8) | (ip[25] & 0xFF), "UDP length");
    }

    @Test
    void odd_payloads_are_padded_and_packets_without_comment_carry_none() throws IOException {
        byte[] payload = {1, 2, 3, 4, 5};
        byte[] file = write(w -> {
            w.write(PcapWriter.Interface.FORWARDED, MICROS, DEVICE, SERVER, payload, "");
            w.write(PcapWriter.Interface.FORWARDED, MICROS + 1, SERVER, DEVICE, new byte[0], "replay");
        });

        List<PcapngReader.Packet> packets = PcapngReader.packets(file);
        assertEquals(2, packets.size());
        assertEquals("", packets.get(0).comment());
        assertArrayEquals(payload, packets.get(0).payload());
        assertEquals("replay", packets.get(1).comment());
        assertEquals(5684, packets.get(1).sourcePort());
        assertEquals(0, packets.get(1).payload().length);
    }

    @Test
    void udp_checksums_verify_over_the_pseudo_header() throws IOException {
        byte[] payload = {(byte) 0x17, (byte) 0xFE, (byte) 0xFD, 0, 1, 2};
        byte[] ip = PcapngReader.packets(write(w -> w.write(PcapWriter.Interface.FORWARDED, MICROS, DEVICE, SERVER,
                payload, ""))).get(0).ipPacket();

        ByteBuffer pseudo = ByteBuffer.allocate(12);
        pseudo.put(ip, 12, 8).put((byte) 0).put((byte) 17).putShort((short) (8 + payload.length));
        long pseudoSum = SyntheticUdpPacket.sum(pseudo.array(), 0, 12, 0);
        assertEquals(0xFFFF, SyntheticUdpPacket.sum(ip, 20, 8 + payload.length, pseudoSum));
    }

    @Test
    void ipv6_addresses_give_ipv6_packets() throws IOException {
        InetSocketAddress device = new InetSocketAddress(InetAddress.getByName("::1"), 40000);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("::1"), 5684);

        PcapngReader.Packet packet = PcapngReader.packets(write(w -> w.write(PcapWriter.Interface.FORWARDED, MICROS,
                device, server, new byte[] {9}, ""))).get(0);

        assertEquals(6, packet.version());
        assertEquals(40 + 8 + 1, packet.ipPacket().length);
        assertEquals(40000, packet.sourcePort());
        assertArrayEquals(new byte[] {9}, packet.payload());
    }

    @Test
    void mixed_ip_versions_are_rejected() throws IOException {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 5684);

        assertThrows(IllegalArgumentException.class, () -> write(w -> w.write(PcapWriter.Interface.FORWARDED, MICROS,
                DEVICE, v6, new byte[1], "")));
    }

    @Test
    void the_capture_stops_at_its_size_limit_on_a_block_boundary() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter writer = new PcapWriter(out, 1_000);
        int written = 0;
        while (writer.write(PcapWriter.Interface.FORWARDED, MICROS, DEVICE, SERVER, new byte[100], "")) {
            written++;
        }
        writer.close();

        assertTrue(writer.full());
        assertTrue(out.size() <= 1_000, out.size() + " bytes");
        assertEquals(written, PcapngReader.packets(out.toByteArray()).size());
        assertTrue(written > 0);
        assertFalse(writer.write(PcapWriter.Interface.FORWARDED, MICROS, DEVICE, SERVER, new byte[1], ""));
    }

    /** What a test writes into a fresh in-memory capture. */
    interface Body {
        void write(PcapWriter writer) throws IOException;
    }

    static byte[] write(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(out, PcapWriter.DEFAULT_MAX_BYTES)) {
            body.write(writer);
        }
        return out.toByteArray();
    }

    static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
