package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/**
 * Every content format {@code /pressure} speaks ends in the same stored reading, and a reading is stored once
 * however often it is sent: a repeated {@code (device, seq)} is acknowledged with 2.04 and changes nothing.
 */
class ContentFormatsIT {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1");

    @Test
    void senml_reading_is_stored_in_kpa_with_its_seq_and_time() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        PressureReading reading = device.reading(7, 101.325);

        Answered answer = device.post(reading, ContentFormat.SENML_JSON);

        assertEquals("2.01", answer.code(), answer.diagnostic());
        assertEquals(List.of(reading), server.store().history(DEV_1, 10));
    }

    @Test
    void text_reading_is_stored_with_a_seq_the_server_assigns() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        assertEquals("2.01", device.post(device.reading(41, 100.0)).code());

        Answered answer = device.postRaw(MediaTypeRegistry.TEXT_PLAIN, "99.875".getBytes(StandardCharsets.US_ASCII));

        assertEquals("2.01", answer.code(), answer.diagnostic());
        PressureReading stored = server.store().history(DEV_1, 1).get(0);
        assertEquals(42, stored.seq(), "one above the device's highest seq");
        assertEquals(99.875, stored.kPa());
        assertEquals(2, server.store().count());
    }

    @Test
    void text_readings_posted_twice_are_two_readings() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        PressureReading reading = device.reading(0, 98.5);

        assertEquals("2.01", device.post(reading, ContentFormat.TEXT_PLAIN).code());
        assertEquals("2.01", device.post(reading, ContentFormat.TEXT_PLAIN).code());

        assertEquals(2, server.store().count(), "text carries no seq, so the server cannot tell a re-send");
    }

    @Test
    void reposting_the_same_seq_answers_2_04_and_stores_nothing_new() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        PressureReading reading = device.reading(42, 101.325);
        assertEquals("2.01", device.post(reading).code());

        Answered again = device.post(reading);

        assertEquals("2.04", again.code(), again.diagnostic());
        assertEquals(true, again.acknowledged());
        assertEquals(1, server.store().count());
        assertEquals(List.of(reading), device.readings("device=dev-1&limit=5"));
    }

    @Test
    void same_seq_in_another_format_is_the_same_reading() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        PressureReading reading = device.reading(5, 101.0);
        assertEquals("2.01", device.post(reading, ContentFormat.JSON).code());

        Answered again = device.post(reading, ContentFormat.SENML_JSON);

        assertEquals("2.04", again.code(), again.diagnostic());
        assertEquals(1, server.store().count());
    }

    @Test
    void same_seq_after_a_device_restart_is_recognised_over_a_new_session() {
        PressureReading reading;
        try (Device before = server.device("dev-1", CredentialMode.X509)) {
            reading = before.reading(9, 101.5);
            assertEquals("2.01", before.post(reading).code());
        }
        Device after = server.device("dev-1", CredentialMode.X509);

        Answered again = after.post(reading);

        assertEquals("2.04", again.code(), again.diagnostic());
        assertEquals(1, server.store().count());
    }
}
