package io.manometer.harness.link;

/**
 * A snapshot of an {@link ImpairedLink}'s counters, readable from any thread while the link runs. Each value is
 * exact; values read while datagrams are in flight may belong to slightly different instants.
 *
 * @param up device→server counters
 * @param down server→device counters
 * @param flows devices seen so far (one upstream socket each)
 * @param rebinds times a device was given a new upstream port (NAT rebinding)
 * @param lostToRebinding server datagrams sent to a port the link had already forgotten
 * @param queued datagrams waiting in the link (delayed, held for reordering, or recorded for replay)
 */
public record LinkCounters(DirectionCounters up, DirectionCounters down, long flows, long rebinds,
        long lostToRebinding, long queued) {

    public DirectionCounters direction(Direction direction) {
        return direction == Direction.UP ? up : down;
    }

    /** Both directions added up. */
    public DirectionCounters total() {
        return up.plus(down);
    }

    /** One line for progress output and reports. */
    public String summary() {
        return "up[" + up.summary() + "] down[" + down.summary() + "] flows=" + flows + " rebinds=" + rebinds
                + " lost-to-rebinding=" + lostToRebinding + " queued=" + queued;
    }
}
