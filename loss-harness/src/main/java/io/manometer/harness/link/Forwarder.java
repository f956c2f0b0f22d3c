package io.manometer.harness.link;

import io.manometer.harness.link.LiveCounters.Metric;
import io.manometer.harness.link.Pending.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the policy's decisions: drops (counted and captured), sends now or queues for later, holds back for
 * reordering, and schedules duplicates and replays. Used by the selector thread only.
 */
final class Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final LinkConfig config;
    private final DatagramChannel listen;
    private final NatTable nat;
    private final PendingQueue queue;
    private final LiveCounters counters;
    private final PcapTap tap;
    private final DatagramListener listener;

    Forwarder(LinkConfig config, DatagramChannel listen, NatTable nat, PendingQueue queue, LiveCounters counters,
            PcapTap tap, DatagramListener listener) {
        this.config = config;
        this.listen = listen;
        this.nat = nat;
        this.queue = queue;
        this.counters = counters;
        this.tap = tap;
        this.listener = listener;
    }

    /** A datagram of {@code flow} arrived in {@code direction}; rebinding has already been applied. */
    void arrived(Flow flow, Direction direction, byte[] data, long now) {
        counters.increment(direction, Metric.RECEIVED);
        flow.lastActivity = now;
        Decision decision = flow.policy(direction).decide(data.length);
        if (decision instanceof Decision.Drop drop) {
            counters.dropped(direction, drop.reason());
            tap.record(PcapWriter.Interface.DROPPED, direction, flow.publicAddress, data, comment(direction, drop),
                    now);
            LOG.debug("{} {} #{} dropped: {}", flow, direction.label(), drop.index(), drop.reason().label());
            return;
        }
        Decision.Deliver deliver = (Decision.Deliver) decision;
        LOG.trace("{} {} #{} {} bytes: {}", flow, direction.label(), deliver.index(), data.length, deliver);
        List<Duration> delays = deliver.delays();
        long due = now + delays.get(0).toNanos();
        if (due != now) {
            counters.increment(direction, Metric.DELAYED);
        }
        Pending held = flow.held(direction);
        if (deliver.hold() && held == null) {
            long maxHold = config.impairment(direction).reorderMaxHold().toNanos();
            flow.hold(direction, queue.add(due + maxHold, flow, direction, data, Kind.HELD));
            counters.increment(direction, Metric.REORDERED);
        } else {
            sendOrQueue(due, flow, direction, data, Kind.ORIGINAL, now);
            if (held != null) {
                // release the held datagram right behind this one: sent next, or queued with the same due time
                queue.cancel(held);
                flow.hold(direction, null);
                sendOrQueue(due, flow, direction, held.data, Kind.HELD, now);
            }
        }
        if (deliver.duplicated()) {
            sendOrQueue(now + delays.get(1).toNanos(), flow, direction, data, Kind.DUPLICATE, now);
        }
        deliver.replayAfter().ifPresent(after -> queue.add(now + after.toNanos(), flow, direction, data,
                Kind.REPLAY));
    }

    /** The server sent to a mapping the NAT has forgotten. */
    void lostToRebinding(Mapping mapping, byte[] data, long now) {
        counters.dropped(Direction.DOWN, DropReason.REBINDING);
        tap.record(PcapWriter.Interface.DROPPED, Direction.DOWN, mapping.publicAddress, data, "dropped: rebinding",
                now);
        LOG.debug("{} down: {} bytes to forgotten port {} lost", mapping.flow, data.length, mapping.publicAddress);
    }

    /** Sends a queued datagram whose time has come. */
    void release(Pending pending, long now) {
        if (pending.kind == Kind.HELD && pending.flow.held(pending.direction) == pending) {
            pending.flow.hold(pending.direction, null); // max hold time passed without a successor
        }
        send(pending.flow, pending.direction, pending.data, pending.kind, now);
    }

    private void sendOrQueue(long due, Flow flow, Direction direction, byte[] data, Kind kind, long now) {
        if (due == now) {
            send(flow, direction, data, kind, now);
        } else {
            queue.add(due, flow, direction, data, kind);
        }
    }

    private void send(Flow flow, Direction direction, byte[] data, Kind kind, long now) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        InetSocketAddress publicAddress = flow.publicAddress;
        boolean sent;
        try {
            if (direction == Direction.UP) {
                Mapping mapping = nat.upstream(flow, now);
                publicAddress = mapping.publicAddress;
                mapping.channel.write(buffer);
            } else {
                listen.send(buffer, flow.device);
            }
            sent = !buffer.hasRemaining(); // a non-blocking send with a full buffer sends nothing
        } catch (IOException e) {
            LOG.debug("{} {}: send failed: {}", flow, direction.label(), e.toString());
            sent = false;
        }
        if (!sent) {
            counters.increment(direction, Metric.SEND_FAILURES);
            return;
        }
        counters.increment(direction, Metric.FORWARDED);
        counters.add(direction, Metric.BYTES, data.length);
        if (kind == Kind.DUPLICATE) {
            counters.increment(direction, Metric.DUPLICATED);
        } else if (kind == Kind.REPLAY) {
            counters.increment(direction, Metric.REPLAYED);
        }
        tap.record(PcapWriter.Interface.FORWARDED, direction, publicAddress, data, kind.comment(), now);
        try {
            listener.forwarded(flow.index, direction, data, now);
        } catch (RuntimeException e) {
            LOG.warn("datagram listener failed: {}", e.toString()); // a broken listener must not stop the link
        }
    }

    private String comment(Direction direction, Decision.Drop drop) {
        return switch (drop.reason()) {
            case MTU -> "dropped: mtu " + config.impairment(direction).mtu();
            case SCRIPT -> "dropped: script #" + drop.index();
            default -> "dropped: " + drop.reason().label();
        };
    }
}
