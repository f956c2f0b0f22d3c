package io.manometer.harness.fuzz;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Sends one {@link RawCategory}'s datagrams to the server's DTLS port from plain UDP sockets and sorts what comes
 * back: HelloVerifyRequests (the stateless answer to a ClientHello, RFC 6347 §4.2.1), alerts, anything else. The
 * ClientHello flood spreads over {@link #FLOOD_SOCKETS} source ports, as spoofed sources would.
 * <p>
 * Loopback delivers faster than a 2-core server decrypts, so with an in-process server the sender keeps at most
 * {@link #WINDOW} datagrams ahead of what the server has received; an external server gets a fixed rate
 * ({@link #EXTERNAL_RATE}) instead.
 */
final class RawFuzzer {

    static final int FLOOD_SOCKETS = 512;
    private static final int SOCKETS = 16;
    /** Datagrams ahead of the server: its 1 MiB receive buffer holds only ~400 of 1500 bytes (kernel truesize). */
    private static final int WINDOW = 300;
    private static final int MAX_DATAGRAM = 65_535;
    /** Datagrams per second towards an external server, whose receive counter the fuzzer cannot read. */
    static final int EXTERNAL_RATE = 10_000;
    private static final Duration DRAIN = Duration.ofMillis(300);

    /**
     * What one category did.
     *
     * @param sent datagrams sent
     * @param serverReceived datagrams the server's connector saw meanwhile (legitimate traffic included), if known
     * @param helloVerifyRequests HelloVerifyRequest answers
     * @param alerts alert records received
     * @param otherAnswers any other datagram received
     */
    record Outcome(long sent, Optional<Long> serverReceived, long helloVerifyRequests, long alerts,
            long otherAnswers) {

        long answers() {
            return helloVerifyRequests + alerts + otherAnswers;
        }
    }

    /** How the sender learns how far the server got: datagrams received so far, and a bounded wait for more. */
    interface Pacer {
        long received();

        /** Returns once the server has received {@code count} datagrams, or after {@code bound}. */
        void awaitReceived(long count, Duration bound) throws InterruptedException;
    }

    private final InetSocketAddress target;
    private final RawDatagrams datagrams;
    private final Optional<Pacer> pacer;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private long helloVerifyRequests;
    private long alerts;
    private long other;

    RawFuzzer(InetSocketAddress target, RawDatagrams datagrams, Optional<Pacer> pacer) {
        this.target = target;
        this.datagrams = datagrams;
        this.pacer = pacer;
    }

    /**
     * Sends up to {@code budget} datagrams of {@code category}, stopping early at {@code deadline} (nanoTime);
     * {@code progress} hears the count now and then.
     */
    Outcome run(RawCategory category, long budget, long deadline, LongConsumer progress)
            throws IOException, InterruptedException {
        helloVerifyRequests = 0;
        alerts = 0;
        other = 0;
        int count = category == RawCategory.CLIENT_HELLO_FLOOD ? FLOOD_SOCKETS : SOCKETS;
        List<DatagramChannel> channels = new ArrayList<>(count);
        long receivedBefore = pacer.map(Pacer::received).orElse(0L);
        long sent = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                DatagramChannel channel = DatagramChannel.open();
                channels.add(channel);
                channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
            }
            LongSupplier now = System::nanoTime;
            long start = now.getAsLong();
            while (sent < budget && now.getAsLong() < deadline) {
                DatagramChannel channel = channels.get((int) (sent % count));
                drain(channel);
                if (send(channel, datagrams.next(category))) {
                    sent++;
                }
                if (sent % 256 == 0) {
                    pace(receivedBefore, sent, start);
                    progress.accept(sent);
                }
            }
            drainAll(selector);
        } finally {
            for (DatagramChannel channel : channels) {
                channel.close();
            }
        }
        Optional<Long> received = pacer.map(p -> p.received() - receivedBefore);
        return new Outcome(sent, received, helloVerifyRequests, alerts, other);
    }

    private boolean send(DatagramChannel channel, byte[] datagram) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (channel.send(ByteBuffer.wrap(datagram), target) > 0 || datagram.length == 0) {
                return true;
            }
            // the socket's send buffer is full: let the kernel move the queue on
            Thread.onSpinWait();
        }
        return false;
    }

    private void pace(long receivedBefore, long sent, long startNanos) throws InterruptedException {
        if (pacer.isPresent()) {
            Pacer p = pacer.get();
            if (sent - (p.received() - receivedBefore) > WINDOW) {
                p.awaitReceived(receivedBefore + sent - WINDOW / 2, Duration.ofMillis(50));
            }
        } else {
            // an external server tells nothing: hold a fixed rate instead (rate limiting, not synchronisation)
            long due = startNanos + sent * 1_000_000_000L / EXTERNAL_RATE;
            long early = due - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            }
        }
    }

    private void drain(DatagramChannel channel) throws IOException {
        while (true) {
            buffer.clear();
            if (channel.receive(buffer) == null) {
                return;
            }
            buffer.flip();
            byte[] reply = new byte[buffer.remaining()];
            buffer.get(reply);
            classify(reply);
        }
    }

    /** Reads answers until none arrived for {@link #DRAIN}. */
    private void drainAll(Selector selector) throws IOException {
        while (selector.select(DRAIN.toMillis()) > 0) {
            for (SelectionKey key : selector.selectedKeys()) {
                drain((DatagramChannel) key.channel());
            }
            selector.selectedKeys().clear();
        }
    }

    private void classify(byte[] reply) {
        if (DtlsBytes.isHelloVerifyRequest(reply)) {
            helloVerifyRequests++;
        } else if (DtlsBytes.type(reply) == DtlsBytes.ALERT) {
            alerts++;
        } else {
            other++;
        }
    }
}
