package io.manometer.it;

import io.manometer.device.publish.DeviceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * Device timers short enough that a refused handshake or a lost request ends in about a second (STYLE.md §13),
 * instead of RFC 6347's and RFC 7252's defaults, which are tuned for real networks and take up to 93 s.
 * <pre>
 *   DTLS flight: 200 ms, 400 ms, 400 ms  -&gt; gives up after ~1 s (2 retransmissions)
 *   CoAP CON:    200 ms, 400 ms, 800 ms  -&gt; gives up after ~1.4 s (2 retransmissions)
 * </pre>
 */
final class ShortTimers {

    private ShortTimers() {
    }

    static Configuration device() {
        Configuration config;
        try {
            config = DeviceConfig.create(Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 200, TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, 400, TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
        config.set(CoapConfig.ACK_TIMEOUT, 200, TimeUnit.MILLISECONDS);
        config.set(CoapConfig.ACK_INIT_RANDOM, 1.0f);
        config.set(CoapConfig.MAX_RETRANSMIT, 2);
        config.set(DeviceConfig.RESPONSE_TIMEOUT, 10, TimeUnit.SECONDS);
        return config;
    }
}
