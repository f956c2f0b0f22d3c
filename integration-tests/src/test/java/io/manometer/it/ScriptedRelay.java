package io.manometer.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UDP relay between one device and the server that forwards everything, except what the test scripts: one lost
 * datagram, or one replayed. Random loss would make such a test a matter of chance; the real impaired link lives in
 * the loss harness.
 * <pre>
 *  device ──▶ [downstream] relay [upstream] ──▶ server
 *         ◀──                               ◀──
 *  dropNextFromDevice()   the device's next datagram is not forwarded (once)
 *  replayLastFromDevice() the device's last application-data datagram goes to the server once more
 * </pre>
 */
final class ScriptedRelay implements AutoCloseable {

    /** DTLS content types of protected application records: application_data, tls12_cid (RFC 9146). */
    private static final byte APPLICATION_DATA = 23;
    private static final byte TLS12_CID = 25;
    private static final Duration STOP_BOUND = Duration.ofSeconds(5);

    private final DatagramChannel downstream;
    private final DatagramChannel upstream;
    private final AtomicReference<SocketAddress> device = new AtomicReference<>();
    private final AtomicReference<byte[]> lastApplicationData = new AtomicReference<>();
    private final AtomicBoolean dropNext = new AtomicBoolean();
    private final Thread up = new Thread(this::forwardUp, "it-relay-up");
    private final Thread down = new Thread(this::forwardDown, "it-relay-down");

    private ScriptedRelay(DatagramChannel downstream, DatagramChannel upstream) {
        this.downstream = downstream;
        this.upstream = upstream;
    }

    /** A running relay on 127.0.0.1 (free port) to {@code server}. */
    static ScriptedRelay start(InetSocketAddress server) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        DatagramChannel downstream = DatagramChannel.open().bind(loopback);
        DatagramChannel upstream = DatagramChannel.open().bind(loopback).connect(server);
        ScriptedRelay relay = new ScriptedRelay(downstream, upstream);
        relay.up.start();
        relay.down.start();
        return relay;
    }

    /** Where a device sends to reach the server through this relay. */
    URI uri() throws IOException {
        InetSocketAddress local = (InetSocketAddress) downstream.getLocalAddress();
        return URI.create("coaps://127.0.0.1:" + local.getPort());
    }

    /** The device's next datagram to the server is lost; the ones after it pass again. */
    void dropNextFromDevice() {
        dropNext.set(true);
    }

    /** Sends the device's last application-data datagram to the server again, byte for byte, as an attacker would. */
    void replayLastFromDevice() throws IOException {
        byte[] datagram = lastApplicationData.get();
        if (datagram == null) {
            throw new IllegalStateException("the device has sent no application data yet");
        }
        upstream.write(ByteBuffer.wrap(datagram));
    }

    @Override
    public void close() throws IOException {
        downstream.close();
        upstream.close();
        try {
            up.join(STOP_BOUND.toMillis());
            down.join(STOP_BOUND.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forwardUp() {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        try {
            while (true) {
                buffer.clear();
                device.set(downstream.receive(buffer));
                buffer.flip();
                if (!buffer.hasRemaining() || dropNext.compareAndSet(true, false)) {
                    continue;
                }
                byte type = buffer.get(0);
                if (type == APPLICATION_DATA || type == TLS12_CID) {
                    lastApplicationData.set(Arrays.copyOf(buffer.array(), buffer.limit()));
                }
                try {
                    upstream.write(buffer);
                } catch (PortUnreachableException e) {
                    // ICMP for an earlier datagram (the server stopped first): keep relaying
                }
            }
        } catch (ClosedChannelException e) {
            // closed by close(): the relay stops
        } catch (IOException e) {
            throw new IllegalStateException("relay to the server failed", e);
        }
    }

    private void forwardDown() {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        try {
            while (true) {
                buffer.clear();
                try {
                    upstream.read(buffer);
                } catch (PortUnreachableException e) {
                    // ICMP for an earlier datagram (the server stopped first): keep relaying
                    continue;
                }
                buffer.flip();
                SocketAddress target = device.get();
                if (target != null) {
                    downstream.send(buffer, target);
                }
            }
        } catch (ClosedChannelException e) {
            // closed by close(): the relay stops
        } catch (IOException e) {
            throw new IllegalStateException("relay to the device failed", e);
        }
    }
}
