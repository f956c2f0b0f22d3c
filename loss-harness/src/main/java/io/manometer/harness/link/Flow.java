package io.manometer.harness.link;

import java.net.InetSocketAddress;

/**
 * Everything the link keeps for one device (one source address on the listen socket): its index in order of first
 * appearance, its two random streams, its current NAT mapping and the datagrams it holds back for reordering.
 * Used by the selector thread only.
 */
final class Flow {

    final int index;
    final InetSocketAddress device;
    private final ImpairmentPolicy up;
    private final ImpairmentPolicy down;
    private Pending heldUp;
    private Pending heldDown;
    /** The current mapping; null after an idle timeout until the device sends again. */
    Mapping mapping;
    /** The public address of the most recent mapping, kept for capture after the mapping is gone. */
    InetSocketAddress publicAddress;
    long upstreamOnMapping;
    long lastActivity;

    Flow(int index, InetSocketAddress device, LinkConfig config) {
        this.index = index;
        this.device = device;
        this.up = ImpairmentPolicy.forFlow(config.up(), config.seed(), index, Direction.UP);
        this.down = ImpairmentPolicy.forFlow(config.down(), config.seed(), index, Direction.DOWN);
    }

    ImpairmentPolicy policy(Direction direction) {
        return direction == Direction.UP ? up : down;
    }

    Pending held(Direction direction) {
        return direction == Direction.UP ? heldUp : heldDown;
    }

    void hold(Direction direction, Pending pending) {
        if (direction == Direction.UP) {
            heldUp = pending;
        } else {
            heldDown = pending;
        }
    }

    @Override
    public String toString() {
        return "flow#" + index + "(" + device + ")";
    }
}
