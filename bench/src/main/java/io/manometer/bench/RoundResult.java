package io.manometer.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One round against one store: its rate and latencies, and everything that went wrong. {@code violations} are
 * broken promises found after the round (a reading acknowledged but not stored, or stored twice); they count as
 * failures like unanswered requests do.
 */
record RoundResult(int round, boolean warmUp, StoreKind store, double readingsPerSecond,
        LatencySamples.Percentiles latency, long acknowledged, long failed, Map<String, Long> failureReasons,
        List<String> violations, GroupCommitStats commits, Optional<Path> database) {

    /** Requests that were not acknowledged plus broken promises. */
    long failures() {
        return failed + violations.size();
    }

    /** The SQLite store's transactions during the timed part of a round; zero for the in-memory store. */
    record GroupCommitStats(long writes, long transactions) {
        static final GroupCommitStats NONE = new GroupCommitStats(0, 0);

        GroupCommitStats plus(GroupCommitStats other) {
            return new GroupCommitStats(writes + other.writes, transactions + other.transactions);
        }

        GroupCommitStats minus(GroupCommitStats earlier) {
            return new GroupCommitStats(writes - earlier.writes, transactions - earlier.transactions);
        }

        /** Writes per transaction: how many readings shared one fsync. */
        Optional<Double> meanBatch() {
            return transactions == 0 ? Optional.empty() : Optional.of((double) writes / transactions);
        }
    }
}
