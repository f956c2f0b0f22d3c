package io.manometer.device.publish;

import io.manometer.device.publish.PublishResult.FailureKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a publisher's requests and their outcomes as they happen, so {@link ReadingPublisher#counters()} is a cheap
 * read from any thread. An outcome is counted before the caller's future completes.
 */
final class RequestTally {

    private final LongAdder requests = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder retransmissions = new LongAdder();
    /** One adder per kind, all created here: the map itself is never written again. */
    private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);

    RequestTally() {
        for (FailureKind kind : FailureKind.values()) {
            failures.put(kind, new LongAdder());
        }
    }

    void sent() {
        requests.increment();
    }

    void retransmitted() {
        retransmissions.increment();
    }

    void outcome(PublishResult result) {
        if (result instanceof PublishResult.Answered answer) {
            answered.increment();
            if (answer.acknowledged()) {
                acknowledged.increment();
            }
        } else if (result instanceof PublishResult.Failed failure) {
            failures.get(failure.kind()).increment();
        }
    }

    PublisherCounters counters(HandshakeWatcher handshakes) {
        Map<FailureKind, Long> failed = new EnumMap<>(FailureKind.class);
        failures.forEach((kind, count) -> failed.put(kind, count.sum()));
        return new PublisherCounters(requests.sum(), answered.sum(), acknowledged.sum(), retransmissions.sum(),
                failed, handshakes.started(), handshakes.succeeded(), handshakes.failed(),
                handshakes.totalFlightRetransmissions(), handshakes.recent());
    }
}
