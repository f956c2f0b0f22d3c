package io.manometer.harness.compare;

import io.manometer.harness.link.DatagramListener;
import io.manometer.harness.link.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * Every datagram an {@link io.manometer.harness.link.ImpairedLink} forwarded, in the order forwarded, with the flow
 * (device) it belongs to, so that one device's handshake can be cut out of the traffic and read record by record.
 * Written by the link's thread, read by the bench. Devices are told apart by what they sent after a
 * {@link #size() mark}, not by flow number alone: the operating system may give a new device the port of one that
 * has gone, and the link then continues that device's flow.
 */
final class DatagramLog implements DatagramListener {

    /** One forwarded datagram: whose, which way, its UDP payload, and when ({@link System#nanoTime()}). */
    record Datagram(int flow, Direction direction, byte[] payload, long nanos) {
    }

    private final List<Datagram> datagrams = new ArrayList<>();

    @Override
    public synchronized void forwarded(int flow, Direction direction, byte[] datagram, long nanos) {
        datagrams.add(new Datagram(flow, direction, datagram, nanos));
    }

    /** Datagrams logged so far: a mark for {@link #flowSince}. */
    synchronized int size() {
        return datagrams.size();
    }

    /**
     * The datagrams logged after {@code mark} of the flow that sent the first of them, in order: the traffic of a
     * device that started alone after the mark.
     */
    synchronized List<Datagram> flowSince(int mark) {
        List<Datagram> since = datagrams.subList(Math.min(mark, datagrams.size()), datagrams.size());
        int flow = since.stream().filter(d -> d.direction() == Direction.UP).mapToInt(Datagram::flow).findFirst()
                .orElse(-1);
        return since.stream().filter(d -> d.flow() == flow).toList();
    }
}
