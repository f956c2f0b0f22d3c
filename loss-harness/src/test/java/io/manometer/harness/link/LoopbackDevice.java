package io.manometer.harness.link;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A UDP "device" on 127.0.0.1 port 0 that talks to a link; receiving waits at most five seconds. */
final class LoopbackDevice implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress link;

    LoopbackDevice(InetSocketAddress link) throws IOException {
        this.link = link;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout((int) (LoopbackServer.TIMEOUT_SECONDS * 1000));
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, link));
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    String receiveText() throws IOException {
        return new String(receive(), StandardCharsets.UTF_8);
    }

    byte[] receive() throws IOException {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("device " + port() + " received nothing within "
                    + LoopbackServer.TIMEOUT_SECONDS + " s", e);
        }
        return Arrays.copyOfRange(buffer, 0, packet.getLength());
    }

    @Override
    public void close() {
        socket.close();
    }
}
