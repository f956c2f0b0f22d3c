package io.manometer.harness.link;

/**
 * Told of every datagram the link sends on, for measurements the counters cannot make: which records a handshake
 * consists of, how its datagrams group into flights (RFC 6347 §4.2.4). Called on the link's selector thread right
 * after the send, so it must be quick and must not block; the array is the link's own and must not be changed.
 */
@FunctionalInterface
public interface DatagramListener {

    /** Listens to nothing. */
    DatagramListener NONE = (flow, direction, datagram, nanos) -> { };

    /**
     * One datagram left the link.
     *
     * @param flow the device's flow index, in order of first appearance (0, 1, 2 ...)
     * @param direction {@link Direction#UP} towards the server, {@link Direction#DOWN} towards the device
     * @param datagram the UDP payload as sent (duplicates and replays are reported too, as sent)
     * @param nanos {@link System#nanoTime()} of the send
     */
    void forwarded(int flow, Direction direction, byte[] datagram, long nanos);
}
