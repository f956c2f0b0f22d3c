package io.manometer.harness.compare;

import io.manometer.harness.compare.DatagramLog.Datagram;
import io.manometer.harness.link.ImpairedLink;
import io.manometer.harness.link.Impairment;
import io.manometer.harness.link.LinkConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ImpairedLink} in front of a {@link BenchServer} that logs every datagram it forwards, so each device's
 * handshake can be read back from the wire: a pass-through link for byte counts, one with delay for RTT, one with
 * loss for completion.
 */
final class BenchLink implements AutoCloseable {

    private static final Duration BARRIER_BOUND = Duration.ofSeconds(5);

    private final ImpairedLink link;
    private final DatagramLog log = new DatagramLog();

    private BenchLink(LinkConfig config) {
        this.link = new ImpairedLink(config, log);
    }

    /** A link with {@code impairment} in both directions (each direction draws its own seeded stream). */
    static BenchLink start(BenchServer server, Impairment impairment, long seed) throws IOException {
        BenchLink bench = new BenchLink(LinkConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                server.address()).both(impairment).seed(seed).build());
        bench.link.start();
        return bench;
    }

    /** Where devices send to. */
    URI uri() {
        return URI.create("coaps://127.0.0.1:" + link.address().getPort());
    }

    /** A mark in the log; call {@link #barrier()} first to include every datagram forwarded so far. */
    int mark() {
        return log.size();
    }

    /** What the first device to send after {@code mark} sent and received since, in order. */
    List<Datagram> deviceSince(int mark) {
        return log.flowSince(mark);
    }

    /**
     * Returns once the link has logged every datagram it forwarded before this call. The link logs a datagram right
     * after sending it, so a device may already hold a reply the log does not yet have; counter waiters run between
     * the link's rounds, after every send of the round, which makes one a barrier.
     */
    void barrier() throws InterruptedException {
        try {
            link.whenCounters(counters -> true).get(BARRIER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the link did not complete a round within " + BARRIER_BOUND, e);
        }
    }

    @Override
    public void close() {
        link.close();
    }
}
