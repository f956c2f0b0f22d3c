package io.manometer.harness.link;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A minimal pcapng parser for tests: blocks, interface names and the packets with their comments. */
final class PcapngReader {

    record Block(int type, int length, ByteBuffer body) {
    }

    record Packet(int interfaceId, long epochMicros, byte[] ipPacket, String comment) {
        int version() {
            return (ipPacket[0] & 0xFF) >>> 4;
        }

        int headerLength() {
            return version() == 4 ? SyntheticUdpPacket.IPV4_HEADER : SyntheticUdpPacket.IPV6_HEADER;
        }

        int sourcePort() {
            return u16(headerLength());
        }

        int destinationPort() {
            return u16(headerLength() + 2);
        }

        byte[] payload() {
            int start = headerLength() + SyntheticUdpPacket.UDP_HEADER;
            byte[] payload = new byte[ipPacket.length - start];
            System.arraycopy(ipPacket, start, payload, 0, payload.length);
            return payload;
        }

        private int u16(int offset) {
            return ((ipPacket[offset] & 0xFF) << 8) | (ipPacket[offset + 1] & 0xFF);
        }
    }

    private PcapngReader() {
    }

    /** Splits a file into blocks, checking that the leading and trailing lengths agree. */
    static List<Block> blocks(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Block> blocks = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            int type = in.getInt();
            int length = in.getInt();
            if (length % 4 != 0 || in.getInt(start + length - 4) != length) {
                throw new IllegalStateException("bad block length " + length + " at " + start);
            }
            ByteBuffer body = ByteBuffer.wrap(file, start + 8, length - 12).slice().order(ByteOrder.LITTLE_ENDIAN);
            blocks.add(new Block(type, length, body));
            in.position(start + length);
        }
        return blocks;
    }

    static List<Packet> packets(byte[] file) {
        List<Packet> packets = new ArrayList<>();
        for (Block block : blocks(file)) {
            if (block.type() == PcapWriter.ENHANCED_PACKET_BLOCK) {
                ByteBuffer body = block.body();
                int iface = body.getInt();
                long micros = ((long) body.getInt() << 32) | (body.getInt() & 0xFFFFFFFFL);
                int captured = body.getInt();
                body.getInt();
                byte[] packet = new byte[captured];
                body.get(packet);
                body.position(PcapWriter.padded(body.position()));
                packets.add(new Packet(iface, micros, packet, option(body, PcapWriter.OPT_COMMENT)));
            }
        }
        return packets;
    }

    /** The first value of option {@code code} from the buffer's position on, or "" when absent. */
    static String option(ByteBuffer options, int code) {
        while (options.remaining() >= 4) {
            int optionCode = options.getShort() & 0xFFFF;
            int length = options.getShort() & 0xFFFF;
            if (optionCode == PcapWriter.OPT_END) {
                break;
            }
            byte[] value = new byte[length];
            options.get(value);
            options.position(options.position() + PcapWriter.padded(length) - length);
            if (optionCode == code) {
                return new String(value, StandardCharsets.UTF_8);
            }
        }
        return "";
    }
}
