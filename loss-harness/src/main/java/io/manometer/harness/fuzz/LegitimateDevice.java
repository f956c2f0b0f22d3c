package io.manometer.harness.fuzz;

import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.PressureReading;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.elements.config.Configuration;

/**
 * A well-behaved device that keeps posting a reading every {@link #INTERVAL} while the fuzzer runs: the user's
 * question is not only whether the server survives hostile input, but whether real devices still get through, and
 * how much slower. One reading in flight at a time, as a constrained device (NSTART 1, RFC 7252 §4.7).
 */
final class LegitimateDevice implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * What the device saw.
     *
     * @param sent readings posted
     * @param acknowledged seqs answered 2.01 or 2.04
     * @param latenciesMillis publish to acknowledgement, per acknowledged reading
     * @param failures one line per reading that was not acknowledged
     */
    record Tally(long sent, List<Long> acknowledged, List<Double> latenciesMillis, List<String> failures) {
    }

    private final ReadingPublisher publisher;
    private final DeviceCredentials device;
    private final Duration bound;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final long firstSeq;
    private Thread thread;
    private Tally tally;

    /**
     * @param firstSeq seq of the first reading: readings of an earlier run against the same external server are
     *        not overwritten or re-counted
     * @param bound the longest one reading may take before it counts as not acknowledged
     */
    LegitimateDevice(URI server, DeviceCredentials device, Configuration config, long firstSeq, Duration bound) {
        this.publisher = new ReadingPublisher(new ReadingPublisher.Settings(server, CredentialMode.PSK,
                Optional.empty(), Optional.empty(), config), device);
        this.device = device;
        this.firstSeq = firstSeq;
        this.bound = bound;
    }

    /** Handshakes and posts the first reading, so the session counts in the baseline; then keeps posting. */
    void start() throws IOException, InterruptedException {
        publisher.start();
        List<Long> acknowledged = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        post(firstSeq, acknowledged, latencies, failures);
        if (acknowledged.isEmpty()) {
            throw new IOException("the legitimate device could not post before the run: " + failures);
        }
        thread = new Thread(() -> loop(acknowledged, latencies, failures), "manometer-fuzz-legitimate-device");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(List<Long> acknowledged, List<Double> latencies, List<String> failures) {
        long seq = firstSeq + 1;
        try {
            while (!stop.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                post(seq++, acknowledged, latencies, failures);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            tally = new Tally(seq - firstSeq, List.copyOf(acknowledged), List.copyOf(latencies),
                    List.copyOf(failures));
        }
    }

    private void post(long seq, List<Long> acknowledged, List<Double> latencies, List<String> failures)
            throws InterruptedException {
        PressureReading reading = new PressureReading(device.id(), seq, 100 + (seq % 1000) / 100.0,
                T0.plusSeconds(seq - firstSeq));
        long start = System.nanoTime();
        try {
            PublishResult result = publisher.publish(reading, ContentFormat.JSON)
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (result instanceof PublishResult.Answered answered && answered.acknowledged()) {
                acknowledged.add(seq);
                latencies.add((System.nanoTime() - start) / 1e6);
            } else {
                failures.add("seq " + seq + ": " + result);
            }
        } catch (ExecutionException | TimeoutException e) {
            failures.add("seq " + seq + ": " + e);
        }
    }

    /** Stops posting after the reading in flight and returns what happened. */
    Tally finish() throws InterruptedException {
        stop.countDown();
        if (thread != null) {
            thread.join(bound.toMillis() + 5_000);
        }
        synchronized (this) {
            return tally == null ? new Tally(0, List.of(), List.of(), List.of("did not stop in time")) : tally;
        }
    }

    @Override
    public void close() {
        stop.countDown();
        publisher.close();
    }
}
