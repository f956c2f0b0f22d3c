package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A device may only report its own pressure: the DTLS identity decides who sent a reading, and a reading that
 * names another device is refused with 4.03 rather than stored under either name.
 */
class ForeignReadingIT {

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2");

    @ParameterizedTest(name = "{0}")
    @EnumSource(CredentialMode.class)
    void json_reading_naming_another_device_gets_4_03_and_nothing_is_stored(CredentialMode mode) {
        Device device = server.device("dev-1", mode);

        Answered answer = device.postRaw(MediaTypeRegistry.APPLICATION_JSON,
                "{\"device\":\"dev-2\",\"seq\":1,\"kPa\":101.3,\"ts\":\"2026-11-22T10:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8));

        assertEquals("4.03", answer.code(), answer.diagnostic());
        assertTrue(answer.diagnostic().contains("dev-2"), answer.diagnostic());
        assertEquals(0, server.store().count());
    }

    @Test
    void senml_reading_naming_another_device_gets_4_03_and_nothing_is_stored() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        PressureReading someoneElses = new PressureReading(DeviceId.of("dev-2"), 1, 101.3, Device.EPOCH);

        Answered answer = device.post(someoneElses, ContentFormat.SENML_JSON);

        assertEquals("4.03", answer.code(), answer.diagnostic());
        assertEquals(0, server.store().count());
    }

    @Test
    void reading_naming_its_own_device_is_stored_under_that_device_only() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        assertEquals("4.03", device.post(new PressureReading(DeviceId.of("dev-2"), 1, 50.0, Device.EPOCH)).code());

        assertEquals("2.01", device.post(device.reading(1, 101.3)).code());

        assertEquals(List.of(device.reading(1, 101.3)), server.store().latest());
    }
}
