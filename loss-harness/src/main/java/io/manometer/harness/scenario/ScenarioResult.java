package io.manometer.harness.scenario;

import io.manometer.harness.link.LinkCounters;
import io.manometer.harness.scenario.DeliveryModel.Interval;
import io.manometer.server.endpoint.ServerCounters;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one scenario measured, from the devices, the server and the link, with the model's verdict. The CSV
 * columns ({@link ResultsCsv}) are views of these values, so a column cannot disagree with the report.
 *
 * @param scenario what ran
 * @param readings what became of the readings, audited against the store
 * @param handshakes the devices' DTLS handshakes
 * @param coapRetransmissions CoAP retransmissions of all devices (RFC 7252 §4.2)
 * @param latency publish call to acknowledgement over acknowledged readings, in ms
 * @param server the server's counters at the end (a fresh server per scenario)
 * @param link the link's counters at the end
 * @param elapsed wall-clock time of the scenario, server start to close
 */
public record ScenarioResult(Scenario scenario, Readings readings, Handshakes handshakes, long coapRetransmissions,
        Latency latency, ServerCounters.Snapshot server, LinkCounters link, Duration elapsed) {

    public ScenarioResult {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(readings, "readings");
        Objects.requireNonNull(handshakes, "handshakes");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * What became of the readings.
     *
     * @param sent readings the devices tried to post
     * @param noSession readings lost before CoAP could try: no DTLS session could be made
     * @param acked readings answered 2.01 or 2.04
     * @param timeouts readings CoAP gave up on after MAX_RETRANSMIT retransmissions
     * @param otherFailures readings answered with an error, reset or cancelled
     * @param stored rows in the store after the run
     * @param duplicatesStored rows beyond the first of the same reading: must be 0
     * @param ackedNotStored acknowledged readings missing from the store: must be 0
     * @param storedNotAcked stored readings the device was not told of (their last response was lost): allowed
     * @param failureReasons why the {@code noSession} and {@code otherFailures} readings failed, and how often
     */
    public record Readings(long sent, long noSession, long acked, long timeouts, long otherFailures, long stored,
            long duplicatesStored, long ackedNotStored, long storedNotAcked, Map<String, Long> failureReasons) {

        public Readings {
            failureReasons = Collections.unmodifiableMap(new TreeMap<>(failureReasons));
        }

        /** Readings whose request went out over an established session: the model's population. */
        public long overSession() {
            return sent - noSession;
        }
    }

    /**
     * The devices' DTLS handshakes (client side).
     *
     * @param started handshakes begun, full or abbreviated
     * @param succeeded handshakes completed
     * @param flightRetransmissions client flights sent again (RFC 6347 §4.2.4)
     * @param millisP50 median duration of the completed ones, from ClientHello to Finished; NaN without any
     */
    public record Handshakes(long started, long succeeded, long flightRetransmissions, double millisP50) {

        /** Completed over started; NaN when none started. */
        public double successRate() {
            return started == 0 ? Double.NaN : (double) succeeded / started;
        }
    }

    /** Latency percentiles in ms; NaN without acknowledged readings. */
    public record Latency(double p50, double p95) {
    }

    /** Acknowledged over sent on an established session; NaN when no reading had a session. */
    public double delivery() {
        long trials = readings.overSession();
        return trials == 0 ? Double.NaN : (double) readings.acked() / trials;
    }

    /** The Wilson 95 % interval of {@link #delivery()}. */
    public Interval interval() {
        return DeliveryModel.wilson(readings.acked(), readings.overSession());
    }

    public double expectedDelivery() {
        return scenario.expectedDelivery();
    }

    /** The model's value lies outside the measured interval (never when nothing was measured). */
    public boolean modelMiss() {
        return readings.overSession() > 0 && DeliveryModel.miss(expectedDelivery(), interval());
    }

    /** The server kept both promises: every acknowledged reading stored, none stored twice. */
    public boolean storeIntact() {
        return readings.ackedNotStored() == 0 && readings.duplicatesStored() == 0;
    }

    /**
     * The progress line of a matrix, e.g. {@code [3/20] x509 loss=20%: delivery 0.970 [0.936,0.986] expected
     * 0.990 ok; acked 194/200, p50 12.3 ms; 12.3 s}.
     */
    public String progressLine(int index, int total) {
        Interval interval = interval();
        String verdict = readings.overSession() == 0 ? "n/a" : modelMiss() ? "MISS" : "ok";
        String line = String.format(Locale.ROOT, "[%d/%d] %s: delivery %.3f [%.3f,%.3f] expected %.3f %s; acked"
                + " %d/%d, p50 %.1f ms; %.1f s", index, total, scenario.describe(), delivery(), interval.low(),
                interval.high(), expectedDelivery(), verdict, readings.acked(), readings.sent(), latency.p50(),
                elapsed.toMillis() / 1000.0);
        if (!storeIntact()) {
            line += String.format(Locale.ROOT, " STORE BROKEN: %d acknowledged but not stored, %d stored twice",
                    readings.ackedNotStored(), readings.duplicatesStored());
        }
        return line;
    }
}
