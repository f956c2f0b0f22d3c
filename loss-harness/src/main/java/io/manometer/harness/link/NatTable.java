package io.manometer.harness.link;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link's NAT: one flow per device source address, each with its own upstream socket so the server sees
 * distinct peers, and the rebinding policy that replaces that socket the way home routers and carrier NATs do.
 * Used by the selector thread only.
 */
final class NatTable implements AutoCloseable {

    /** How long a forgotten mapping's socket stays open to count what the server still sends to it. */
    static final long RETIRED_LINGER_NANOS = 10_000_000_000L;
    /** At most this many forgotten sockets stay open; the oldest is closed first. */
    static final int MAX_RETIRED = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(NatTable.class);

    private final Selector selector;
    private final LinkConfig config;
    private final LiveCounters counters;
    private final Map<InetSocketAddress, Flow> flows = new HashMap<>();
    private final List<Flow> inOrder = new ArrayList<>();
    private final ArrayDeque<Mapping> retired = new ArrayDeque<>();

    NatTable(Selector selector, LinkConfig config, LiveCounters counters) {
        this.selector = selector;
        this.config = config;
        this.counters = counters;
    }

    /** The device's flow, created with a fresh upstream socket on its first datagram. */
    Flow flowFor(InetSocketAddress device, long now) throws IOException {
        Flow flow = flows.get(device);
        if (flow == null) {
            flow = new Flow(inOrder.size(), device, config);
            open(flow, now);
            flows.put(device, flow);
            inOrder.add(flow);
            counters.flowOpened();
            LOG.debug("{} opened, server sees it as {}", flow, flow.publicAddress);
        }
        return flow;
    }

    /** Applies the rebinding policy before an upstream datagram of {@code flow} is processed. */
    void beforeUpstream(Flow flow, long now) throws IOException {
        RebindPolicy rebind = config.rebind();
        if (flow.mapping != null) {
            boolean byCount = rebind.everyDatagrams() > 0 && flow.upstreamOnMapping >= rebind.everyDatagrams();
            if (byCount || idleExpired(flow, now)) {
                retire(flow, now);
            }
        }
        if (flow.mapping == null) {
            open(flow, now);
        }
        flow.upstreamOnMapping++;
        flow.lastActivity = now;
    }

    /** The mapping to send upstream from, opening a new one if an idle timeout removed the last. */
    Mapping upstream(Flow flow, long now) throws IOException {
        if (flow.mapping == null) {
            open(flow, now);
        }
        return flow.mapping;
    }

    /**
     * Whether a server datagram arriving on {@code mapping} finds it forgotten: retired earlier, or idle for
     * longer than the policy allows (then it is retired now, as a NAT would have done at the timeout).
     */
    boolean forgotten(Mapping mapping, long now) {
        if (!mapping.retired() && mapping.flow.mapping == mapping && idleExpired(mapping.flow, now)) {
            retire(mapping.flow, now);
        }
        return mapping.retired();
    }

    /** Closes forgotten sockets whose linger time is over. */
    void closeRetired(long now) {
        while (!retired.isEmpty() && (now - retired.peekFirst().retiredAt() >= RETIRED_LINGER_NANOS
                || retired.size() > MAX_RETIRED)) {
            closeQuietly(retired.pollFirst());
        }
    }

    /** When the next forgotten socket is due to close, or {@link Long#MAX_VALUE}. */
    long nextRetiredDeadline() {
        return retired.isEmpty() ? Long.MAX_VALUE : retired.peekFirst().retiredAt() + RETIRED_LINGER_NANOS;
    }

    int size() {
        return inOrder.size();
    }

    @Override
    public void close() {
        for (Flow flow : inOrder) {
            if (flow.mapping != null) {
                closeQuietly(flow.mapping);
            }
        }
        retired.forEach(NatTable::closeQuietly);
        retired.clear();
    }

    private boolean idleExpired(Flow flow, long now) {
        long idle = config.rebind().afterIdle().toNanos();
        return idle > 0 && now - flow.lastActivity >= idle;
    }

    private void retire(Flow flow, long now) {
        Mapping old = flow.mapping;
        old.retire(now);
        retired.addLast(old);
        flow.mapping = null;
    }

    private void open(Flow flow, long now) throws IOException {
        InetSocketAddress target = config.target();
        DatagramChannel channel = DatagramChannel.open(target.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            channel.configureBlocking(false);
            channel.bind(null);
            // connected: like a NAT with endpoint-dependent filtering, only the server's datagrams come back
            channel.connect(target);
            Mapping mapping = new Mapping(flow, channel, (InetSocketAddress) channel.getLocalAddress());
            mapping.key = channel.register(selector, SelectionKey.OP_READ, mapping);
            InetSocketAddress previous = flow.publicAddress;
            flow.mapping = mapping;
            flow.publicAddress = mapping.publicAddress;
            flow.upstreamOnMapping = 0;
            flow.lastActivity = now;
            if (previous != null) {
                counters.rebound();
                LOG.debug("{} rebound: server now sees {} instead of {}", flow, mapping.publicAddress, previous);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void closeQuietly(Mapping mapping) {
        try {
            mapping.channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", mapping.publicAddress, e);
        }
    }
}
