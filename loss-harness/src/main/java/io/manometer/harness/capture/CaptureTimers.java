package io.manometer.harness.capture;

import io.manometer.device.publish.DeviceConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The protocol timers of a capture. {@link #RFC} keeps the timers a real device and server use, so a capture shows
 * real timing; {@link #SHORT} scales them down so a lossy capture takes seconds instead of minutes, keeping their
 * shape (CoAP doubling per RFC 7252 §4.2, DTLS flight doubling per RFC 6347 §4.2.4.1) and allowing more flight
 * retransmissions, so a handshake survives heavy loss.
 */
public enum CaptureTimers {
    /** The device's and the server's defaults: CoAP ACK_TIMEOUT 2 s, DTLS flights from 1 s. */
    RFC(null, null, null, 0, null),
    /** CoAP ACK_TIMEOUT 200 ms; DTLS flights 200 ms doubling to 2 s, 10 retransmissions. */
    SHORT(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(2), 10, Duration.ofSeconds(90));

    private final Duration ackTimeout;
    private final Duration flightInitial;
    private final Duration flightMax;
    private final int flightRetransmissions;
    private final Duration responseTimeout;

    CaptureTimers(Duration ackTimeout, Duration flightInitial, Duration flightMax, int flightRetransmissions,
            Duration responseTimeout) {
        this.ackTimeout = ackTimeout;
        this.flightInitial = flightInitial;
        this.flightMax = flightMax;
        this.flightRetransmissions = flightRetransmissions;
        this.responseTimeout = responseTimeout;
    }

    /** Applies these timers to a device configuration made by {@link DeviceConfig#create}. */
    public Configuration applyToDevice(Configuration config) {
        if (this == SHORT) {
            applyDtls(config);
            config.set(CoapConfig.ACK_TIMEOUT, ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            config.set(DeviceConfig.RESPONSE_TIMEOUT, responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return config;
    }

    /** Applies the DTLS flight timers to a server configuration; its CoAP timers stay at RFC 7252's values. */
    public Configuration applyToServer(Configuration config) {
        if (this == SHORT) {
            applyDtls(config);
        }
        return config;
    }

    private void applyDtls(Configuration config) {
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, flightInitial.toMillis(), TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, flightMax.toMillis(), TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, flightRetransmissions);
    }
}
