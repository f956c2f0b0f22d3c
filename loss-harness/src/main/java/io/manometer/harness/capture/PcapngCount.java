package io.manometer.harness.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Counts the packets in a pcapng file that another process may still be writing, so a capture can wait for the
 * datagrams it knows were sent. Only block headers are read (pcapng draft §3.1); a block cut short at the end is
 * not counted yet.
 */
final class PcapngCount {

    private static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;

    private PcapngCount() {
    }

    /** Complete packet blocks in {@code file}; 0 when it is missing or not pcapng. */
    static long packets(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
        return packets(bytes);
    }

    static long packets(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long count = 0;
        int offset = 0;
        while (offset + 12 <= bytes.length) {
            int type = buffer.getInt(offset);
            if (type == SECTION_HEADER) {
                buffer.order(buffer.getInt(offset + 8) == BYTE_ORDER_MAGIC ? buffer.order()
                        : buffer.order() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            }
            int length = buffer.getInt(offset + 4);
            if (length < 12 || length % 4 != 0 || offset + (long) length > bytes.length) {
                break;
            }
            if (type == ENHANCED_PACKET || type == SIMPLE_PACKET) {
                count++;
            }
            offset += length;
        }
        return count;
    }
}
