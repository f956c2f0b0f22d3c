package io.manometer.harness.link;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/**
 * One NAT mapping: the upstream socket a flow sends from, whose port is the device's address as the server sees
 * it. A retired mapping stays open for a while only so that what the server still sends to it can be counted as
 * lost, the way a NAT silently drops datagrams for a mapping it has forgotten.
 */
final class Mapping {

    final Flow flow;
    final DatagramChannel channel;
    final InetSocketAddress publicAddress;
    SelectionKey key;
    private long retiredAt;
    private boolean retired;

    Mapping(Flow flow, DatagramChannel channel, InetSocketAddress publicAddress) {
        this.flow = flow;
        this.channel = channel;
        this.publicAddress = publicAddress;
    }

    void retire(long now) {
        retired = true;
        retiredAt = now;
    }

    boolean retired() {
        return retired;
    }

    long retiredAt() {
        return retiredAt;
    }
}
