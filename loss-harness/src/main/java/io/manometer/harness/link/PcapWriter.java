package io.manometer.harness.link;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the link forwards and drops as pcapng (draft-ietf-opsawg-pcapng), which Wireshark and tshark open
 * without root and which, unlike classic pcap, carries a comment per packet and several interfaces. Interface 0
 * ({@code forwarded}) holds what was sent on, interface 1 ({@code dropped}) what was lost; duplicates, replays,
 * held-back and dropped packets carry an {@code opt_comment} saying why. Packets are {@code LINKTYPE_RAW} IPv4 or
 * IPv6 with synthesized headers. Not thread-safe.
 */
public final class PcapWriter implements AutoCloseable {

    /** The capture interfaces, in the order of their Interface Description Blocks. */
    public enum Interface {
        FORWARDED("forwarded", "datagrams the link sent on"),
        DROPPED("dropped", "datagrams the link lost on purpose");

        private final String label;
        private final String description;

        Interface(String label, String description) {
            this.label = label;
            this.description = description;
        }

        public String label() {
            return label;
        }
    }

    /** Stop capturing beyond this size, so a long soak test cannot fill the disk. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    static final int ENHANCED_PACKET_BLOCK = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** LINKTYPE_RAW: the packet starts with an IPv4 or IPv6 header. */
    static final int LINKTYPE_RAW = 101;
    static final int SNAP_LENGTH = 262_144;
    static final int OPT_END = 0;
    static final int OPT_COMMENT = 1;
    static final int SHB_USER_APPLICATION = 4;
    static final int IF_NAME = 2;
    static final int IF_DESCRIPTION = 3;
    static final int IF_TIMESTAMP_RESOLUTION = 9;
    private static final int OPTION_END_LENGTH = 4;

    private static final Logger LOG = LoggerFactory.getLogger(PcapWriter.class);

    private final OutputStream out;
    private final long maxBytes;
    private long written;
    private boolean full;

    /** Writes the section header and both interfaces to {@code out}; packets follow with {@link #write}. */
    public PcapWriter(OutputStream out, long maxBytes) throws IOException {
        this.out = out;
        this.maxBytes = maxBytes;
        ByteBuffer shb = block(SECTION_HEADER_BLOCK, 16, option(SHB_USER_APPLICATION, text("manometer loss-harness")));
        shb.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L); // section length unknown
        emit(shb);
        for (Interface iface : Interface.values()) {
            ByteBuffer idb = block(INTERFACE_DESCRIPTION_BLOCK, 8, option(IF_NAME, text(iface.label)),
                    option(IF_DESCRIPTION, text(iface.description)),
                    option(IF_TIMESTAMP_RESOLUTION, new byte[] {6})); // microseconds
            idb.putShort((short) LINKTYPE_RAW).putShort((short) 0).putInt(SNAP_LENGTH);
            emit(idb);
        }
    }

    /** Creates (or truncates) {@code file} and writes the file header; stops at {@link #DEFAULT_MAX_BYTES}. */
    public static PcapWriter create(Path file) throws IOException {
        return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), DEFAULT_MAX_BYTES);
    }

    /**
     * Appends one UDP datagram as an Enhanced Packet Block.
     *
     * @param epochMicros capture time, microseconds since 1970
     * @param comment the packet comment, or the empty string for none
     * @return false when the size limit has been reached and the packet was not written
     */
    public boolean write(Interface iface, long epochMicros, InetSocketAddress source, InetSocketAddress destination,
            byte[] payload, String comment) throws IOException {
        if (full) {
            return false;
        }
        byte[] packet = SyntheticUdpPacket.encode(source, destination, payload);
        byte[] options = comment.isEmpty() ? new byte[0] : option(OPT_COMMENT, text(comment));
        ByteBuffer epb = block(ENHANCED_PACKET_BLOCK, 20 + padded(packet.length), options);
        epb.putInt(iface.ordinal()).putInt((int) (epochMicros >>> 32)).putInt((int) epochMicros);
        epb.putInt(packet.length).putInt(packet.length).put(packet);
        epb.position(epb.position() + padded(packet.length) - packet.length);
        if (written + epb.capacity() > maxBytes) {
            full = true;
            LOG.warn("capture reached its limit of {} bytes; further packets are not written", maxBytes);
            return false;
        }
        emit(epb);
        return true;
    }

    /** Whether the size limit stopped the capture. */
    public boolean full() {
        return full;
    }

    public long bytesWritten() {
        return written;
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * A block with its type and total length written, positioned at the block body, the options and trailing
     * length already in place behind {@code bodyLength} bytes.
     */
    private static ByteBuffer block(int type, int bodyLength, byte[]... options) {
        int optionsLength = OPTION_END_LENGTH;
        for (byte[] option : options) {
            optionsLength += option.length;
        }
        int total = 12 + bodyLength + optionsLength;
        ByteBuffer block = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        block.putInt(type).putInt(total);
        block.position(8 + bodyLength);
        for (byte[] option : options) {
            block.put(option);
        }
        block.putShort((short) OPT_END).putShort((short) 0).putInt(total);
        block.position(8);
        return block;
    }

    private static byte[] option(int code, byte[] value) {
        ByteBuffer option = ByteBuffer.allocate(4 + padded(value.length)).order(ByteOrder.LITTLE_ENDIAN);
        option.putShort((short) code).putShort((short) value.length).put(value);
        return option.array();
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }

    private void emit(ByteBuffer block) throws IOException {
        out.write(block.array());
        written += block.capacity();
    }
}
