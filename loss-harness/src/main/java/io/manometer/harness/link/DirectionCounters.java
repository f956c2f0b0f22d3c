package io.manometer.harness.link;

/**
 * What happened to the datagrams of one direction (or, from {@link LinkCounters#total()}, of both). Once the link
 * is idle, {@code received == forwarded - duplicated - replayed + dropped() + sendFailures}.
 *
 * @param received datagrams that reached the impairment policy
 * @param forwarded datagrams sent on, counting duplicates and replays
 * @param droppedLoss lost to random loss (or the good state's loss under burst loss)
 * @param droppedBurst lost in the Gilbert–Elliott bad state
 * @param droppedMtu dropped for a payload above the MTU
 * @param droppedScript dropped by a scripted drop
 * @param duplicated extra copies sent
 * @param reordered datagrams held back to arrive after their successor
 * @param delayed originals sent with a delay greater than zero
 * @param replayed recorded copies injected later, as an attacker would
 * @param sendFailures datagrams the operating system refused to send (buffer full, ICMP unreachable)
 * @param bytesForwarded UDP payload bytes sent on, counting duplicates and replays
 */
public record DirectionCounters(long received, long forwarded, long droppedLoss, long droppedBurst, long droppedMtu,
        long droppedScript, long duplicated, long reordered, long delayed, long replayed, long sendFailures,
        long bytesForwarded) {

    public static final DirectionCounters ZERO = new DirectionCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** All datagrams the impairment policy dropped, whatever the reason. */
    public long dropped() {
        return droppedLoss + droppedBurst + droppedMtu + droppedScript;
    }

    /** The drops of one reason; {@link DropReason#REBINDING} is counted per link, see {@link LinkCounters}. */
    public long dropped(DropReason reason) {
        return switch (reason) {
            case LOSS -> droppedLoss;
            case BURST -> droppedBurst;
            case MTU -> droppedMtu;
            case SCRIPT -> droppedScript;
            case REBINDING -> 0;
        };
    }

    public DirectionCounters plus(DirectionCounters o) {
        return new DirectionCounters(received + o.received, forwarded + o.forwarded, droppedLoss + o.droppedLoss,
                droppedBurst + o.droppedBurst, droppedMtu + o.droppedMtu, droppedScript + o.droppedScript,
                duplicated + o.duplicated, reordered + o.reordered, delayed + o.delayed, replayed + o.replayed,
                sendFailures + o.sendFailures, bytesForwarded + o.bytesForwarded);
    }

    /** One-line form, e.g. {@code rx=10 fwd=9 loss=1 burst=0 mtu=0 script=0 dup=0 reord=0 delay=0 replay=0}. */
    public String summary() {
        return "rx=" + received + " fwd=" + forwarded + " loss=" + droppedLoss + " burst=" + droppedBurst + " mtu="
                + droppedMtu + " script=" + droppedScript + " dup=" + duplicated + " reord=" + reordered + " delay="
                + delayed + " replay=" + replayed + (sendFailures > 0 ? " send-fail=" + sendFailures : "")
                + " bytes=" + bytesForwarded;
    }
}
