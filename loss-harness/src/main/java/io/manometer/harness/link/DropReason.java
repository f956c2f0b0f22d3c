package io.manometer.harness.link;

import java.util.Locale;

/** Why the link dropped a datagram; each reason has its own counter and its own pcap comment. */
public enum DropReason {
    /** Random loss (and the loss of the Gilbert–Elliott good state). */
    LOSS,
    /** Loss while the Gilbert–Elliott chain is in its bad state. */
    BURST,
    /** The UDP payload was larger than the configured MTU. */
    MTU,
    /** The datagram's index was listed in the scripted drops. */
    SCRIPT,
    /** The server answered to a NAT mapping the link had already forgotten (rebinding or idle timeout). */
    REBINDING;

    /** Lower-case name used in pcap comments ({@code dropped: loss}) and summaries. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
