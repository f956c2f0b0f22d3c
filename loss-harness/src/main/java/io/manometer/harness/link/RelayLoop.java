package io.manometer.harness.link;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The selector loop of an {@link ImpairedLink}: reads datagrams from the listen socket and from every flow's
 * upstream socket, hands them to the {@link Forwarder}, and sends what the {@link PendingQueue} says is due. All
 * link state lives on this one thread, which is what makes the decisions reproducible.
 */
final class RelayLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
    /** Datagrams read from one socket per round, so one busy device cannot starve the others. */
    private static final int READS_PER_ROUND = 64;
    private static final int LISTEN_RECEIVE_BUFFER = 1 << 20;

    private final Selector selector;
    private final DatagramChannel listen;
    private final NatTable nat;
    private final PendingQueue queue = new PendingQueue();
    private final LiveCounters counters;
    private final CounterWaiters waiters;
    private final PcapTap tap;
    private final Forwarder forwarder;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    private volatile boolean running = true;

    private RelayLoop(LinkConfig config, Selector selector, DatagramChannel listen, PcapTap tap,
            LiveCounters counters, CounterWaiters waiters, DatagramListener listener) {
        this.selector = selector;
        this.listen = listen;
        this.tap = tap;
        this.counters = counters;
        this.waiters = waiters;
        this.nat = new NatTable(selector, config, counters);
        this.forwarder = new Forwarder(config, listen, nat, queue, counters, tap, listener);
    }

    /** Binds the listen socket and opens the capture; nothing runs until {@link #run()}. */
    static RelayLoop open(LinkConfig config, LiveCounters counters, CounterWaiters waiters,
            DatagramListener listener) throws IOException {
        Selector selector = Selector.open();
        DatagramChannel listen = null;
        try {
            listen = DatagramChannel.open(config.listen().getAddress() instanceof Inet4Address
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
            listen.setOption(StandardSocketOptions.SO_RCVBUF, LISTEN_RECEIVE_BUFFER);
            listen.bind(config.listen());
            listen.configureBlocking(false);
            listen.register(selector, SelectionKey.OP_READ);
            PcapTap tap = PcapTap.open(config.pcap(), config.target());
            return new RelayLoop(config, selector, listen, tap, counters, waiters, listener);
        } catch (IOException | RuntimeException e) {
            if (listen != null) {
                listen.close();
            }
            selector.close();
            throw e;
        }
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listen.getLocalAddress();
    }

    @Override
    public void run() {
        try {
            afterRound(System.nanoTime()); // counter waiters registered before start
            while (running) {
                select(System.nanoTime());
                long now = System.nanoTime();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isReadable()) {
                        read(key, now);
                    }
                }
                afterRound(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("link stopped: {}", e.toString(), e);
        } finally {
            waiters.failAll(new IllegalStateException("the link has stopped"));
        }
    }

    /** Asks the loop to stop; returns at once. */
    void stop() {
        running = false;
        selector.wakeup();
    }

    /** Makes the loop run a round now, e.g. to check a new counter waiter. */
    void wakeUp() {
        selector.wakeup();
    }

    /** Closes every socket and the capture; call after the loop's thread has ended. */
    void release() {
        nat.close();
        tap.close();
        try {
            listen.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the listen socket failed", e);
        }
        counters.queued(0);
    }

    private void select(long now) throws IOException {
        long next = Math.min(queue.nextDue(), Math.min(nat.nextRetiredDeadline(), tap.nextFlush()));
        if (next == Long.MAX_VALUE) {
            selector.select();
        } else if (next - now <= 0) {
            selector.selectNow();
        } else {
            selector.select(Math.max(1, (next - now + 999_999) / 1_000_000));
        }
    }

    private void read(SelectionKey key, long now) {
        boolean upstream = key.attachment() == null;
        DatagramChannel channel = (DatagramChannel) key.channel();
        for (int i = 0; i < READS_PER_ROUND; i++) {
            buffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(buffer);
            } catch (PortUnreachableException e) {
                continue; // an ICMP error from an earlier send to the server; the next read may hold data
            } catch (IOException e) {
                LOG.debug("receive failed: {}", e.toString());
                return;
            }
            if (from == null) {
                return;
            }
            buffer.flip();
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            if (upstream) {
                fromDevice(from, data, now);
            } else {
                fromServer((Mapping) key.attachment(), data, now);
            }
        }
    }

    private void fromDevice(InetSocketAddress device, byte[] data, long now) {
        try {
            Flow flow = nat.flowFor(device, now);
            nat.beforeUpstream(flow, now);
            forwarder.arrived(flow, Direction.UP, data, now);
        } catch (IOException e) {
            LOG.warn("no upstream socket for {}: {}; datagram dropped", device, e.toString());
            counters.increment(Direction.UP, LiveCounters.Metric.RECEIVED);
            counters.increment(Direction.UP, LiveCounters.Metric.SEND_FAILURES);
        }
    }

    private void fromServer(Mapping mapping, byte[] data, long now) {
        if (nat.forgotten(mapping, now)) {
            forwarder.lostToRebinding(mapping, data, now);
        } else {
            forwarder.arrived(mapping.flow, Direction.DOWN, data, now);
        }
    }

    private void afterRound(long now) {
        Pending pending;
        while ((pending = queue.pollDue(now)) != null) {
            forwarder.release(pending, now);
        }
        nat.closeRetired(now);
        tap.flushIfDue(now);
        counters.queued(queue.size());
        if (!waiters.isEmpty()) {
            waiters.check(counters.snapshot());
        }
    }
}
