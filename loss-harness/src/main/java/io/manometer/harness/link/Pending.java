package io.manometer.harness.link;

/** A datagram waiting in the link: delayed, held back for reordering, a late duplicate, or a recorded replay. */
final class Pending {

    /** Why it waits; decides its counter and pcap comment when it is finally sent. */
    enum Kind {
        ORIGINAL(""), DUPLICATE("duplicate"), REPLAY("replay"), HELD("reordered");

        private final String comment;

        Kind(String comment) {
            this.comment = comment;
        }

        String comment() {
            return comment;
        }
    }

    final long due;
    final long sequence;
    final Flow flow;
    final Direction direction;
    final byte[] data;
    final Kind kind;
    boolean cancelled;

    Pending(long due, long sequence, Flow flow, Direction direction, byte[] data, Kind kind) {
        this.due = due;
        this.sequence = sequence;
        this.flow = flow;
        this.direction = direction;
        this.data = data;
        this.kind = kind;
    }
}
