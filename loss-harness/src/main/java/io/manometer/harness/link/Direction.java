package io.manometer.harness.link;

/**
 * The two directions of the relay. Every impairment, random stream and counter is kept per direction, because
 * real links are asymmetric (an NB-IoT uplink loses more than its downlink) and DTLS flights travel both ways.
 */
public enum Direction {
    /** Device to server: what the link receives on its listen socket. */
    UP,
    /** Server to device: what the link receives on a flow's upstream socket. */
    DOWN;

    /** Lower-case name for logs, counters and the command line ({@code up}, {@code down}). */
    public String label() {
        return this == UP ? "up" : "down";
    }
}
