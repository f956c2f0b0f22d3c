package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.manometer.device.publish.DeviceConfig;
import io.manometer.protocol.PressureApi;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Test;

class FleetEndpointsTest {

    @Test
    void fleet_endpoints_ask_for_a_virtual_receiver_thread_and_keep_the_device_timers() throws Exception {
        Configuration device = DeviceConfig.create(Optional.empty());
        Configuration fleet = FleetEndpoints.forFleet(device);

        assertEquals(-1, fleet.get(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT));
        assertEquals(1, fleet.get(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT));
        assertEquals(1, fleet.get(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT));
        assertEquals(1000L, fleet.get(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, TimeUnit.MILLISECONDS));
        assertNotEquals(-1, device.get(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT), "the device configuration is a copy");
    }

    @Test
    void fleet_endpoints_send_any_pack_the_server_takes_as_one_message_not_block_wise() throws Exception {
        Configuration fleet = FleetEndpoints.forFleet(DeviceConfig.create(Optional.empty()));

        assertEquals(PressureApi.MAX_PAYLOAD_BYTES + 256, fleet.get(CoapConfig.MAX_MESSAGE_SIZE));
    }

    @Test
    void the_receiver_thread_kind_follows_the_jdk() {
        String expected = Runtime.version().feature() >= 21 ? "virtual" : "platform";

        assertEquals(expected, FleetEndpoints.receiverThreads());
    }

    @Test
    void the_drain_time_defaults_to_ten_seconds() throws Exception {
        assertEquals(10_000L, DeviceConfig.create(Optional.empty()).get(DeviceConfig.FLEET_DRAIN_TIME,
                TimeUnit.MILLISECONDS));
    }
}
