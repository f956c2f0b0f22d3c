package io.manometer.harness.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the link writes its capture, if it has one. Packets are shown on the link↔server hop in both directions
 * (the device's public port as the server sees it ↔ the server), so Wireshark dissects port 5684 as DTLS without
 * {@code -d} and NAT rebinding appears as the port change the server sees. A write error stops the capture, never
 * the link.
 */
final class PcapTap implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PcapTap.class);
    private static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private PcapWriter writer;
    private boolean dirty;
    private final InetSocketAddress server;
    private final long baseEpochMicros;
    private final long baseNanos;
    private long lastFlush;

    private PcapTap(PcapWriter writer, Path file, InetSocketAddress server) {
        this.writer = writer;
        this.file = file;
        this.server = server;
        this.baseNanos = System.nanoTime();
        this.baseEpochMicros = System.currentTimeMillis() * 1000;
        this.lastFlush = baseNanos;
    }

    /** A tap writing to {@code file}, or one that writes nothing. */
    static PcapTap open(Optional<Path> file, InetSocketAddress server) throws IOException {
        if (file.isEmpty()) {
            return new PcapTap(null, null, server);
        }
        PcapWriter writer;
        try {
            writer = PcapWriter.create(file.get());
        } catch (IOException e) {
            throw new IOException("cannot write the capture " + file.get() + ": " + e, e);
        }
        PcapTap tap = new PcapTap(writer, file.get(), server);
        LOG.info("capturing to {}", file.get());
        return tap;
    }

    /**
     * Records one datagram.
     *
     * @param publicAddress the device's address as the server sees it (the flow's upstream socket)
     * @param nanos System.nanoTime of the event
     */
    void record(PcapWriter.Interface iface, Direction direction, InetSocketAddress publicAddress, byte[] data,
            String comment, long nanos) {
        if (writer == null || writer.full()) {
            return;
        }
        dirty = true;
        long micros = baseEpochMicros + (nanos - baseNanos) / 1000;
        InetSocketAddress source = direction == Direction.UP ? publicAddress : server;
        InetSocketAddress destination = direction == Direction.UP ? server : publicAddress;
        try {
            writer.write(iface, micros, source, destination, data, comment);
        } catch (IOException | IllegalArgumentException e) {
            stop(e);
        }
    }

    /** Flushes about once a second, so a capture is readable while the link runs. */
    void flushIfDue(long now) {
        if (writer != null && dirty && now - lastFlush >= FLUSH_INTERVAL_NANOS) {
            lastFlush = now;
            dirty = false;
            try {
                writer.flush();
            } catch (IOException e) {
                stop(e);
            }
        }
    }

    /** When the next flush is due, or {@link Long#MAX_VALUE} when nothing waits to be flushed. */
    long nextFlush() {
        return writer == null || !dirty ? Long.MAX_VALUE : lastFlush + FLUSH_INTERVAL_NANOS;
    }

    @Override
    public void close() {
        if (writer != null) {
            PcapWriter closing = writer;
            writer = null;
            try {
                closing.close();
                LOG.info("capture {} closed ({} bytes)", file, closing.bytesWritten());
            } catch (IOException e) {
                LOG.warn("closing capture {} failed: {}", file, e.getMessage());
            }
        }
    }

    private void stop(Exception e) {
        LOG.warn("capture to {} stopped: {}", file, e.getMessage());
        close();
    }
}
