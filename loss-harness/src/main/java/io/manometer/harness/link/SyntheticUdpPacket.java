package io.manometer.harness.link;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Builds the IPv4 or IPv6 + UDP packet that would have carried a datagram, for capture files with
 * {@code LINKTYPE_RAW}: the link only sees UDP payloads, yet Wireshark needs the headers to show ports and to
 * dissect DTLS. Checksums are computed (RFC 791, RFC 768, RFC 8200 §8.1) so Wireshark flags nothing.
 */
final class SyntheticUdpPacket {

    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int UDP_HEADER = 8;
    private static final int PROTOCOL_UDP = 17;
    private static final int TTL = 64;

    private SyntheticUdpPacket() {
    }

    /** The packet from {@code source} to {@code destination} (Java already turns IPv4-mapped addresses to IPv4). */
    static byte[] encode(InetSocketAddress source, InetSocketAddress destination, byte[] payload) {
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
        if (src instanceof Inet4Address && dst instanceof Inet4Address) {
            return ipv4(src.getAddress(), dst.getAddress(), source.getPort(), destination.getPort(), payload);
        }
        if (src instanceof Inet6Address && dst instanceof Inet6Address) {
            return ipv6(src.getAddress(), dst.getAddress(), source.getPort(), destination.getPort(), payload);
        }
        throw new IllegalArgumentException("cannot capture a packet from " + source + " to " + destination
                + ": the addresses are of different IP versions");
    }

    private static byte[] ipv4(byte[] src, byte[] dst, int srcPort, int dstPort, byte[] payload) {
        int udpLength = UDP_HEADER + payload.length;
        if (IPV4_HEADER + udpLength > 0xFFFF) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes does not fit in IPv4");
        }
        ByteBuffer packet = ByteBuffer.allocate(IPV4_HEADER + udpLength);
        packet.put((byte) 0x45).put((byte) 0).putShort((short) (IPV4_HEADER + udpLength));
        packet.putShort((short) 0).putShort((short) 0x4000); // identification 0, don't fragment
        packet.put((byte) TTL).put((byte) PROTOCOL_UDP).putShort((short) 0).put(src).put(dst);
        packet.putShort(10, (short) ~sum(packet.array(), 0, IPV4_HEADER, 0));
        long pseudo = sum(src, 0, src.length, 0) + sum(dst, 0, dst.length, 0) + PROTOCOL_UDP + udpLength;
        udp(packet, srcPort, dstPort, payload, pseudo);
        return packet.array();
    }

    private static byte[] ipv6(byte[] src, byte[] dst, int srcPort, int dstPort, byte[] payload) {
        int udpLength = UDP_HEADER + payload.length;
        if (udpLength > 0xFFFF) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes needs a jumbogram");
        }
        ByteBuffer packet = ByteBuffer.allocate(IPV6_HEADER + udpLength);
        packet.putInt(0x6000_0000).putShort((short) udpLength).put((byte) PROTOCOL_UDP).put((byte) TTL);
        packet.put(src).put(dst);
        long pseudo = sum(src, 0, src.length, 0) + sum(dst, 0, dst.length, 0) + PROTOCOL_UDP + udpLength;
        udp(packet, srcPort, dstPort, payload, pseudo);
        return packet.array();
    }

    private static void udp(ByteBuffer packet, int srcPort, int dstPort, byte[] payload, long pseudoHeaderSum) {
        int start = packet.position();
        packet.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (UDP_HEADER + payload.length));
        packet.putShort((short) 0).put(payload);
        int checksum = ~sum(packet.array(), start, UDP_HEADER + payload.length, pseudoHeaderSum) & 0xFFFF;
        // RFC 768: a computed 0 is sent as all ones, 0 would mean "no checksum"
        packet.putShort(start + 6, (short) (checksum == 0 ? 0xFFFF : checksum));
    }

    /** The ones' complement sum of RFC 1071, folded to 16 bits. */
    static int sum(byte[] data, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((data[offset + i] & 0xFF) << 8) | (data[offset + i + 1] & 0xFF);
        }
        if ((length & 1) == 1) {
            sum += (data[offset + length - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
