package io.manometer.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.device.publish.DeviceConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Test;

class TimersTest {

    @Test
    void coap_gives_up_after_max_transmit_wait_of_rfc_7252() {
        // RFC 7252 §4.8.2: MAX_TRANSMIT_WAIT = ACK_TIMEOUT * (2^(MAX_RETRANSMIT + 1) - 1) * ACK_RANDOM_FACTOR
        assertEquals(Duration.ofMillis(93_000), Timers.RFC.coapGiveUp());
        assertEquals(Duration.ofMillis(9_300), Timers.SHORT.coapGiveUp());
    }

    @Test
    void a_flight_doubles_its_timeout_up_to_the_maximum() {
        // 200, 400, 800, 1600, then 2000 ms seven times
        assertEquals(Duration.ofMillis(3_000 + 7 * 2_000), Timers.SHORT.flightGiveUp());
        // 1, 2, 4, 8, 16 s
        assertEquals(Duration.ofSeconds(31), Timers.RFC.flightGiveUp());
    }

    @Test
    void the_devices_safety_net_waits_longer_than_a_failing_handshake_and_coap_together() throws Exception {
        Configuration device = Timers.SHORT.applyToDevice(DeviceConfig.create(Optional.empty()));

        long safetyNet = device.get(DeviceConfig.RESPONSE_TIMEOUT, TimeUnit.MILLISECONDS);
        assertTrue(safetyNet > 3 * Timers.SHORT.flightGiveUp().toMillis() + Timers.SHORT.coapGiveUp().toMillis());
        assertEquals(200, device.get(CoapConfig.ACK_TIMEOUT, TimeUnit.MILLISECONDS));
        assertEquals(4, device.get(CoapConfig.MAX_RETRANSMIT));
        assertEquals(10, device.get(DtlsConfig.DTLS_MAX_RETRANSMISSIONS));
        assertNull(device.get(DtlsConfig.DTLS_AUTO_HANDSHAKE_TIMEOUT, TimeUnit.MILLISECONDS));
    }

    @Test
    void resuming_after_silence_sets_scandiums_auto_handshake_timeout() throws Exception {
        Configuration device = Timers.SHORT.withResumeAfter(Duration.ofSeconds(1))
                .applyToDevice(DeviceConfig.create(Optional.empty()));

        assertEquals(1000, device.get(DtlsConfig.DTLS_AUTO_HANDSHAKE_TIMEOUT, TimeUnit.MILLISECONDS));
    }

    @Test
    void timers_are_found_by_name_and_checked() {
        assertEquals(Optional.of(Timers.RFC), Timers.byName("RFC"));
        assertEquals(Optional.empty(), Timers.byName("fast"));
        assertThrows(IllegalArgumentException.class, () -> new Timers("x", Duration.ofMillis(100), 0.5f, 4,
                Duration.ofMillis(100), Duration.ofSeconds(1), 4, Optional.empty()));
    }
}
