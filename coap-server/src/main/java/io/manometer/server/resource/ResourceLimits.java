package io.manometer.server.resource;

import io.manometer.protocol.PressureApi;
import java.util.Objects;

/**
 * What {@link PressureResource} refuses beyond its normal rules: requests above a device's rate, bodies above a
 * size, and more than a few observations per device. The server-wide observer limit is Californium's
 * ({@code COAP.MAX_SERVER_OBSERVES}) and is only counted here.
 *
 * @param maxPayloadBytes largest POST body; larger ones get 4.13 with Size1 (RFC 7252 §5.10.9)
 * @param maxObserversPerDevice Observe relations one device may hold; 0 for no limit
 * @param rate per-device request rate
 */
public record ResourceLimits(int maxPayloadBytes, int maxObserversPerDevice, RateLimiter rate) {

    public ResourceLimits {
        if (maxPayloadBytes < 1 || maxObserversPerDevice < 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be >= 1 and maxObserversPerDevice >= 0");
        }
        Objects.requireNonNull(rate, "rate");
    }

    /** The protocol's payload limit and nothing else: for tests and tools that measure something other than limits. */
    public static ResourceLimits none() {
        return new ResourceLimits(PressureApi.MAX_PAYLOAD_BYTES, 0, RateLimiter.unlimited());
    }
}
