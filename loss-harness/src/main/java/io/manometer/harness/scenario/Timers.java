package io.manometer.harness.scenario;

import io.manometer.device.publish.DeviceConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The protocol timers of a scenario, applied to the server and every device alike. RFC 7252 §4.8 and RFC 6347
 * §4.2.4.1 tune them for real networks, where a loss run at 50 % takes hours; {@link #SHORT} keeps their shape
 * (same MAX_RETRANSMIT, same doubling) at a tenth of the time, so the analytic model applies unchanged.
 * <pre>
 *  CoAP CON (RFC 7252 §4.2): ACK_TIMEOUT x [1, ACK_RANDOM_FACTOR], doubled per retransmission, MAX_RETRANSMIT times
 *  DTLS flight (RFC 6347 §4.2.4.1): dtlsInitial, doubled up to dtlsMax, dtlsMaxRetransmissions times
 * </pre>
 *
 * @param name {@code short}, {@code rfc} or a name a test chose
 * @param ackTimeout CoAP ACK_TIMEOUT
 * @param ackRandomFactor CoAP ACK_RANDOM_FACTOR (Californium's ACK_INIT_RANDOM), at least 1
 * @param maxRetransmit CoAP MAX_RETRANSMIT, the exponent of the delivery model
 * @param dtlsInitial first DTLS flight timeout
 * @param dtlsMax longest DTLS flight timeout
 * @param dtlsMaxRetransmissions DTLS flight retransmissions before a handshake fails
 * @param resumeAfter when present, a device starts a new (abbreviated) handshake before sending when it has heard
 *        nothing from the server for this long (Scandium's {@code DTLS.AUTO_HANDSHAKE_TIMEOUT}): the remedy for a
 *        NAT rebinding without a connection id
 */
public record Timers(String name, Duration ackTimeout, float ackRandomFactor, int maxRetransmit, Duration dtlsInitial,
        Duration dtlsMax, int dtlsMaxRetransmissions, Optional<Duration> resumeAfter) {

    /**
     * A tenth of RFC 7252's CoAP timers and a fifth of RFC 6347's DTLS ones. Ten flight retransmissions give each of
     * the handshake's three round trips 11 tries, so at 50 % loss both ways (a try succeeds with 1/4) about 88 % of
     * handshakes complete; a failed one costs one reading, and the next reading tries again.
     */
    public static final Timers SHORT = new Timers("short", Duration.ofMillis(200), 1.5f, 4, Duration.ofMillis(200),
            Duration.ofSeconds(2), 10, Optional.empty());

    /** RFC 7252 §4.8 (2 s, 1.5, 4) and RFC 6347 §4.2.4.1 (1 s doubling up to 60 s); Scandium's 4 retransmissions. */
    public static final Timers RFC = new Timers("rfc", Duration.ofSeconds(2), 1.5f, 4, Duration.ofSeconds(1),
            Duration.ofSeconds(60), 4, Optional.empty());

    /** Added to the worst case of both stacks before the device's safety net fires. */
    private static final Duration MARGIN = Duration.ofSeconds(5);
    /** Client flights that wait for an answer: ClientHello, ClientHello with cookie, the Finished flight. */
    private static final int CLIENT_FLIGHTS = 3;

    public Timers {
        Objects.requireNonNull(name, "name");
        positive("ACK_TIMEOUT", ackTimeout);
        positive("DTLS initial timeout", dtlsInitial);
        positive("DTLS max timeout", dtlsMax);
        Objects.requireNonNull(resumeAfter, "resumeAfter");
        resumeAfter.ifPresent(d -> positive("resume after", d));
        if (!(ackRandomFactor >= 1)) {
            throw new IllegalArgumentException("ACK_RANDOM_FACTOR must be at least 1, got " + ackRandomFactor);
        }
        if (maxRetransmit < 1 || maxRetransmit > 10) {
            throw new IllegalArgumentException("MAX_RETRANSMIT must be 1..10, got " + maxRetransmit);
        }
        if (dtlsMaxRetransmissions < 0 || dtlsMaxRetransmissions > 30) {
            throw new IllegalArgumentException("DTLS max retransmissions must be 0..30, got "
                    + dtlsMaxRetransmissions);
        }
        if (dtlsMax.compareTo(dtlsInitial) < 0) {
            throw new IllegalArgumentException("DTLS max timeout must not be below its initial timeout");
        }
    }

    /** {@code short} or {@code rfc}. */
    public static Optional<Timers> byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "short" -> Optional.of(SHORT);
            case "rfc" -> Optional.of(RFC);
            default -> Optional.empty();
        };
    }

    /** The same timers with devices resuming their session after {@code silence} without an answer. */
    public Timers withResumeAfter(Duration silence) {
        return new Timers(name, ackTimeout, ackRandomFactor, maxRetransmit, dtlsInitial, dtlsMax,
                dtlsMaxRetransmissions, Optional.of(silence));
    }

    /**
     * MAX_TRANSMIT_WAIT of RFC 7252 §4.8.2: the longest a CON request waits before CoAP gives up,
     * {@code ACK_TIMEOUT * (2^(MAX_RETRANSMIT+1) - 1) * ACK_RANDOM_FACTOR}.
     */
    public Duration coapGiveUp() {
        double millis = ackTimeout.toMillis() * ((1L << (maxRetransmit + 1)) - 1) * (double) ackRandomFactor;
        return Duration.ofMillis((long) Math.ceil(millis));
    }

    /** The longest one client flight is retransmitted before the handshake fails. */
    public Duration flightGiveUp() {
        long total = 0;
        long timeout = dtlsInitial.toMillis();
        for (int i = 0; i <= dtlsMaxRetransmissions; i++) {
            total += timeout;
            timeout = Math.min(timeout * 2, dtlsMax.toMillis());
        }
        return Duration.ofMillis(total);
    }

    /**
     * The device's safety net for one reading ({@link DeviceConfig#RESPONSE_TIMEOUT}): a whole failing handshake,
     * then CoAP's MAX_TRANSMIT_WAIT (its timer starts once the request is sent, after the handshake), plus a margin;
     * so it never cuts an exchange short and the model's MAX_RETRANSMIT is what really happens.
     */
    public Duration responseTimeout() {
        return flightGiveUp().multipliedBy(CLIENT_FLIGHTS).plus(coapGiveUp()).plus(MARGIN);
    }

    /** Applies these timers to a device's configuration. */
    public Configuration applyToDevice(Configuration config) {
        applyDtls(config);
        config.set(CoapConfig.ACK_TIMEOUT, ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        config.set(CoapConfig.ACK_INIT_RANDOM, ackRandomFactor);
        config.set(CoapConfig.ACK_TIMEOUT_SCALE, 2f);
        config.set(CoapConfig.MAX_RETRANSMIT, maxRetransmit);
        config.set(DeviceConfig.RESPONSE_TIMEOUT, responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        resumeAfter.ifPresent(d -> config.set(DtlsConfig.DTLS_AUTO_HANDSHAKE_TIMEOUT, d.toMillis(),
                TimeUnit.MILLISECONDS));
        return config;
    }

    /**
     * Applies the DTLS flight timers to the server's configuration. Its CoAP timers stay at RFC 7252's values:
     * it answers with piggybacked responses, and EXCHANGE_LIFETIME, which bounds how long its deduplicator
     * remembers a request (§4.5), must stay long enough to recognise a replay.
     */
    public Configuration applyToServer(Configuration config) {
        return applyDtls(config);
    }

    /** One line for reports, e.g. {@code short: CoAP 200ms x1.5, MAX_RETRANSMIT 4; DTLS 200ms..2s, 10}. */
    public String describe() {
        return name + ": CoAP ACK_TIMEOUT " + ackTimeout.toMillis() + " ms, ACK_RANDOM_FACTOR " + ackRandomFactor
                + ", MAX_RETRANSMIT " + maxRetransmit + " (gives up after " + coapGiveUp().toMillis()
                + " ms); DTLS flights " + dtlsInitial.toMillis() + " ms doubling to " + dtlsMax.toMillis()
                + " ms, " + dtlsMaxRetransmissions + " retransmissions"
                + resumeAfter.map(d -> "; devices resume after " + d.toMillis() + " ms of silence").orElse("");
    }

    private Configuration applyDtls(Configuration config) {
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, dtlsInitial.toMillis(), TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, dtlsMax.toMillis(), TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, dtlsMaxRetransmissions);
        return config;
    }

    private static void positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be greater than 0, got " + value);
        }
    }
}
