package io.manometer.server.endpoint;

import org.eclipse.californium.scandium.DtlsHealth;

/**
 * Feeds Scandium's health hooks into {@link ServerCounters}. Set explicitly on the connector, it works whatever
 * {@code SYS.HEALTH_STATUS_INTERVAL} says; it prints nothing itself (the server logs a summary when it stops).
 */
final class CountingDtlsHealth implements DtlsHealth {

    private final ServerCounters counters;

    CountingDtlsHealth(ServerCounters counters) {
        this.counters = counters;
    }

    /** Must be {@code true}, or the connector would ignore this handler. */
    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public void dump() {
        // nothing to print: the counters are read through ServerCounters.snapshot()
    }

    /** Called when a handshaker is created, i.e. after a ClientHello with a valid cookie. */
    @Override
    public void startHandshake() {
        counters.handshakeStarted();
    }

    @Override
    public void endHandshake(boolean success) {
        counters.handshakeEnded(success);
    }

    /** Called with {@code false} once per received datagram, with {@code true} per dropped datagram or record. */
    @Override
    public void receivingRecord(boolean drop) {
        if (drop) {
            counters.recordDropped();
        } else {
            counters.datagramReceived();
        }
    }

    @Override
    public void receivingMacError() {
        counters.macError();
    }

    @Override
    public void sendingRecord(boolean drop) {
        // outgoing traffic is the devices' side of the story, counted by their publishers
    }

    @Override
    public void setMaxConnections(int max) {
        // a gauge, not a counter
    }

    @Override
    public void setConnections(int count) {
        // a gauge, not a counter
    }

    @Override
    public void setPendingIncomingJobs(int count) {
        // a gauge, not a counter
    }

    @Override
    public void setPendingOutgoingJobs(int count) {
        // a gauge, not a counter
    }

    @Override
    public void setPendingHandshakeJobs(int count) {
        // a gauge, not a counter
    }

    @Override
    public void applicationAuthorizationRejected(boolean rejected) {
        // every peer is authenticated in the handshake; there are no anonymous clients to authorize later
    }
}
