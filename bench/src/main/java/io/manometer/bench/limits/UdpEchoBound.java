package io.manometer.bench.limits;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request bound: how many plain UDP request/response round trips per second this machine completes over
 * loopback when one thread echoes on one {@link DatagramChannel} and {@code clients} sockets each keep one request
 * outstanding. No DTLS, no CoAP, no store: what is left is the kernel's loopback path and one Java receive and send
 * per datagram on each side, the floor under every CoAP request the server answers. Clients and echo share the
 * machine's cores exactly as the fleet and the server do, so the two rates compare like for like.
 * <pre>
 *   client 1 ─┐  request (REQUEST_BYTES) ┌──────────────────────────────┐
 *   client … ─┼─────────────────────────▶│ echo: receive, send back the  │
 *   client K ─┘◀─────────────────────────│ first RESPONSE_BYTES          │
 *              closed loop, one in flight└──────────────────────────────┘
 * </pre>
 */
public final class UdpEchoBound {

    /** About a DTLS record holding a CoAP POST with one JSON reading. */
    static final int REQUEST_BYTES = 96;
    /** About a DTLS record holding a CoAP 2.01 response. */
    static final int RESPONSE_BYTES = 40;
    private static final int RECEIVE_TIMEOUT_MILLIS = 1000;

    /** The round trips per second and how many were lost (and resent) on the way. */
    public record Result(int clients, double requestsPerSecond, long requests, long timeouts) {
    }

    private UdpEchoBound() {
    }

    /** Runs the echo for {@code warmup} (not counted), then for {@code measurement}, and reports the rate. */
    public static Result measure(int clients, Duration warmup, Duration measurement, long seed) throws IOException,
            InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(clients + 1, runnable -> {
            Thread thread = new Thread(runnable, "bench-udp-echo");
            thread.setDaemon(true);
            return thread;
        });
        try (DatagramChannel echo = DatagramChannel.open()) {
            echo.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress address = (InetSocketAddress) echo.getLocalAddress();
            threads.submit(() -> echo(echo));
            LongAdder answered = new LongAdder();
            LongAdder timeouts = new LongAdder();
            CountDownLatch ready = new CountDownLatch(clients);
            long end = System.nanoTime() + warmup.toNanos() + measurement.toNanos();
            List<Future<?>> loops = new ArrayList<>();
            Random random = new Random(seed);
            for (int i = 0; i < clients; i++) {
                byte[] request = new byte[REQUEST_BYTES];
                random.nextBytes(request);
                loops.add(threads.submit(() -> {
                    clientLoop(address, request, end, answered, timeouts, ready);
                    return null;
                }));
            }
            if (!ready.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("UDP clients did not start within 10 s");
            }
            TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
            long begin = System.nanoTime();
            long before = answered.sum();
            TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
            long counted = answered.sum() - before;
            double seconds = (System.nanoTime() - begin) / 1e9;
            for (Future<?> loop : loops) {
                loop.get(RECEIVE_TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS);
            }
            return new Result(clients, counted / seconds, counted, timeouts.sum());
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("a UDP client failed: " + e.getMessage(), e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void echo(DatagramChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        try {
            while (channel.isOpen()) {
                buffer.clear();
                InetSocketAddress sender = (InetSocketAddress) channel.receive(buffer);
                buffer.flip();
                buffer.limit(Math.min(buffer.limit(), RESPONSE_BYTES));
                channel.send(buffer, sender);
            }
        } catch (ClosedChannelException e) {
            // closed at the end of the run: the way out of the blocking receive
        } catch (IOException e) {
            throw new IllegalStateException("UDP echo failed: " + e.getMessage(), e);
        }
    }

    /** Until {@code end}: send, wait for the answer, count it; a lost datagram is counted and sent again. */
    private static void clientLoop(InetSocketAddress echo, byte[] request, long end, LongAdder answered,
            LongAdder timeouts, CountDownLatch ready) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.connect(echo);
            socket.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
            DatagramPacket out = new DatagramPacket(request, request.length);
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            ready.countDown();
            while (System.nanoTime() < end) {
                socket.send(out);
                try {
                    socket.receive(in);
                    answered.increment();
                } catch (SocketTimeoutException e) {
                    timeouts.increment();
                }
            }
        }
    }
}
