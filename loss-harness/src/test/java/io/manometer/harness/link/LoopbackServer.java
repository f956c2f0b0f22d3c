package io.manometer.harness.link;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A UDP "server" on 127.0.0.1 port 0 for link tests: records what arrives and, if asked, echoes it back. */
final class LoopbackServer implements AutoCloseable {

    /** One received datagram, with the sender as the server saw it and when (System.nanoTime). */
    record Datagram(InetSocketAddress from, byte[] data, long nanos) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    static final long TIMEOUT_SECONDS = 5;

    private final DatagramSocket socket;
    private final BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final boolean echo;

    private LoopbackServer(boolean echo) throws SocketException {
        this.echo = echo;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::serve, "test-server-" + socket.getLocalPort());
        thread.setDaemon(true);
    }

    static LoopbackServer echo() throws SocketException {
        LoopbackServer server = new LoopbackServer(true);
        server.thread.start();
        return server;
    }

    static LoopbackServer silent() throws SocketException {
        LoopbackServer server = new LoopbackServer(false);
        server.thread.start();
        return server;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The next datagram; fails after {@value #TIMEOUT_SECONDS} s. */
    Datagram next() throws InterruptedException {
        Datagram datagram = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (datagram == null) {
            throw new AssertionError("the server received nothing within " + TIMEOUT_SECONDS + " s");
        }
        return datagram;
    }

    /** Datagrams received but not yet taken with {@link #next()}. */
    int pending() {
        return received.size();
    }

    void send(InetSocketAddress to, byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    }

    private void serve() {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] data = Arrays.copyOfRange(buffer, 0, packet.getLength());
                InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
                received.add(new Datagram(from, data, System.nanoTime()));
                if (echo) {
                    send(from, data);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }
}
