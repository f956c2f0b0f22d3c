package io.manometer.harness.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user-space impaired UDP link between many devices and one server, because this machine has no {@code tc netem}
 * and because a seeded relay makes loss scenarios repeatable. Each device gets its own upstream socket, so the
 * server sees distinct peers, exactly as behind a NAT:
 * <pre>
 *  device A 10.0.0.5:40001 ─┐                 ┌── upstream socket :51001 ─┐
 *  device B 10.0.0.6:40002 ─┼─▶ listen socket ├── upstream socket :51002 ─┼─▶ server :5684
 *  device C 10.0.0.7:40003 ─┘   (one selector └── upstream socket :51003 ─┘
 *                                 thread)        (NAT rebinding swaps these)
 *         ◀─ down: policy(flow, DOWN) ─  replies come back on the flow's socket ─  ◀─
 *         ─▶ up:   policy(flow, UP)   ─▶ drop | delay/jitter | hold | duplicate | replay later ─▶
 * </pre>
 * {@link #start()} binds and starts the one selector thread; {@link #close()} stops it and frees every port.
 */
public final class ImpairedLink implements AutoCloseable {

    /** Name prefix of the selector thread, followed by the listen port. */
    public static final String THREAD_PREFIX = "manometer-link-";

    private static final Logger LOG = LoggerFactory.getLogger(ImpairedLink.class);
    private static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final LinkConfig config;
    private final DatagramListener listener;
    private final LiveCounters counters = new LiveCounters();
    private final CounterWaiters waiters = new CounterWaiters();
    private RelayLoop loop;
    private Thread thread;
    private volatile InetSocketAddress address;
    private boolean closed;

    /** Binds nothing; see {@link #start()}. */
    public ImpairedLink(LinkConfig config) {
        this(config, DatagramListener.NONE);
    }

    /** Binds nothing; {@code listener} hears of every datagram forwarded once the link runs. */
    public ImpairedLink(LinkConfig config, DatagramListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Binds the listen socket, opens the capture file if any, and starts the selector thread. */
    public synchronized void start() throws IOException {
        if (closed || loop != null) {
            throw new IllegalStateException(closed ? "the link is closed" : "the link is already started");
        }
        loop = RelayLoop.open(config, counters, waiters, listener);
        address = loop.address();
        thread = new Thread(loop, THREAD_PREFIX + address.getPort());
        thread.setDaemon(true);
        thread.start();
        LOG.info("link listening on {} -> {} up[{}] down[{}] seed={} rebind={}", text(address),
                text(config.target()), config.up().describe(), config.down().describe(), config.seed(),
                config.rebind().describe());
    }

    /** Where devices send to: the listen address with the real port, once started. */
    public InetSocketAddress address() {
        InetSocketAddress bound = address;
        if (bound == null) {
            throw new IllegalStateException("the link is not started");
        }
        return bound;
    }

    public LinkConfig config() {
        return config;
    }

    /** The counters now; cheap and safe from any thread. */
    public LinkCounters counters() {
        return counters.snapshot();
    }

    /**
     * Completes with the counters once {@code condition} holds for them. The selector thread checks it between
     * rounds, never halfway through a datagram, so the counters it sees are consistent; callers wait for an event
     * (with a timeout, e.g. {@code get(5, SECONDS)}) instead of sleeping. Completes exceptionally when the link
     * stops first.
     */
    public CompletableFuture<LinkCounters> whenCounters(Predicate<LinkCounters> condition) {
        Objects.requireNonNull(condition, "condition");
        CompletableFuture<LinkCounters> future = waiters.add(condition);
        synchronized (this) {
            if (closed) {
                waiters.failAll(new IllegalStateException("the link is closed"));
            } else if (loop != null) {
                loop.wakeUp(); // the condition may already hold: let the selector thread check it now
            }
        }
        return future;
    }

    /** Stops the selector thread, closes every socket and flushes the capture. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop == null) {
            return;
        }
        loop.stop();
        try {
            thread.join(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within {} ms", thread.getName(), STOP_TIMEOUT_MILLIS);
        }
        loop.release();
        waiters.failAll(new IllegalStateException("the link is closed"));
        LOG.info("link {} closed: {}", text(address), counters().summary());
    }

    private static String text(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
