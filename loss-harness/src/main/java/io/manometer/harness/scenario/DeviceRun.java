package io.manometer.harness.scenario;

import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device of a scenario: it posts its readings one at a time (CON, one in flight, as a constrained
 * device with NSTART 1 would, RFC 7252 §4.7) and remembers what became of each, so the store can be audited against
 * what the device was told.
 */
final class DeviceRun implements Callable<DeviceRun.Tally> {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRun.class);

    /**
     * What one device saw.
     *
     * @param device who
     * @param acknowledged identities of the readings answered 2.01 or 2.04
     * @param latenciesMillis publish call to acknowledgement, per acknowledged reading, handshake included for the
     *        first
     * @param timeouts readings CoAP gave up on after MAX_RETRANSMIT, over an established session
     * @param noSession readings lost because no DTLS session could be made (handshake failed or refused)
     * @param otherFailures readings answered with an error code, reset or cancelled
     * @param reasons why the readings without a session or with another failure failed, and how often
     * @param counters the publisher's own counters at the end
     */
    record Tally(DeviceId device, SortedSet<Long> acknowledged, List<Double> latenciesMillis, long timeouts,
            long noSession, long otherFailures, Map<String, Long> reasons, PublisherCounters counters) {
    }

    private final ReadingPublisher publisher;
    private final DeviceId device;
    private final int readings;
    private final ContentFormat format;
    private final Duration bound;

    /** {@code bound} caps the wait for one reading's outcome; the publisher's own safety net fires before it. */
    DeviceRun(ReadingPublisher publisher, DeviceId device, int readings, ContentFormat format, Duration bound) {
        this.publisher = publisher;
        this.device = device;
        this.readings = readings;
        this.format = format;
        this.bound = bound;
    }

    @Override
    public Tally call() throws InterruptedException {
        SortedSet<Long> acknowledged = new TreeSet<>();
        List<Double> latencies = new ArrayList<>();
        long timeouts = 0;
        long noSession = 0;
        long other = 0;
        Map<String, Long> reasons = new TreeMap<>();
        for (long n = 0; n < readings; n++) {
            long start = System.nanoTime();
            PublishResult result = outcome(publisher.publish(ReadingIdentity.reading(device, n), format));
            if (result instanceof PublishResult.Answered answer && answer.acknowledged()) {
                acknowledged.add(n);
                latencies.add((System.nanoTime() - start) / 1e6);
            } else if (result instanceof PublishResult.Failed failure && failure.kind() == FailureKind.TIMEOUT) {
                timeouts++;
            } else if (result instanceof PublishResult.Failed failure && withoutSession(failure.kind())) {
                noSession++;
                reasons.merge(reason(result), 1L, Long::sum);
                LOG.debug("{} reading {}: {}", device, n, failure.reason());
            } else {
                other++;
                reasons.merge(reason(result), 1L, Long::sum);
                LOG.debug("{} reading {}: {}", device, n, result);
            }
        }
        return new Tally(device, acknowledged, latencies, timeouts, noSession, other, reasons,
                publisher.counters());
    }

    /** One line per kind of failure, without the server's port, so that equal failures add up across rows. */
    static String reason(PublishResult result) {
        String text = result instanceof PublishResult.Failed failure ? failure.reason()
                : result instanceof PublishResult.Answered answer ? "answered " + answer.code()
                + (answer.diagnostic().isEmpty() ? "" : ": " + answer.diagnostic()) : String.valueOf(result);
        return text.replaceAll("coaps://[^ ]+", "the server");
    }

    /** The handshake failed or was refused: the request never went out over a session. */
    private static boolean withoutSession(FailureKind kind) {
        return kind == FailureKind.UNREACHABLE || kind == FailureKind.HANDSHAKE_REJECTED;
    }

    private PublishResult outcome(CompletableFuture<PublishResult> future) throws InterruptedException {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            return new PublishResult.Failed("no outcome within " + bound.toMillis() + " ms", FailureKind.TIMEOUT, 0);
        } catch (ExecutionException e) {
            return new PublishResult.Failed(String.valueOf(e.getCause()), FailureKind.LOCAL_ERROR, 0);
        }
    }
}
