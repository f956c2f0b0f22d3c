package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.DeviceCredentials;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import io.manometer.protocol.codec.ReadingCodec;
import io.manometer.protocol.codec.SenmlReadingCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.junit.jupiter.api.Test;

class FleetDeviceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123Z");
    private static final FleetDevice DEVICE = new FleetDevice(DeviceCredentials.ofPsk(DeviceId.of("dev-7"),
            "secret".getBytes(StandardCharsets.US_ASCII)), URI.create("coaps://127.0.0.1:15684/"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void one_reading_is_a_json_post_with_a_time_based_seq() throws Exception {
        Request request = DEVICE.post(1, false);

        assertEquals(Code.POST, request.getCode());
        assertEquals("coaps://127.0.0.1:15684/pressure", request.getURI());
        assertEquals(ContentFormat.JSON.number(), request.getOptions().getContentFormat());
        ReadingSubmission reading = ReadingCodec.forFormat(ContentFormat.JSON).decode(request.getPayload());
        assertEquals(DeviceId.of("dev-7"), reading.device().orElseThrow());
        assertTrue(reading.seq().orElseThrow() >= NOW.toEpochMilli() * 1000, "seq " + reading.seq());
        assertEquals(NOW, reading.ts().orElseThrow());
        assertNull(request.getDestinationContext().get(DtlsEndpointContext.KEY_HANDSHAKE_MODE));
    }

    @Test
    void a_batch_is_one_senml_pack_of_readings_with_growing_seqs() throws Exception {
        Request request = DEVICE.post(5, false);

        assertEquals(ContentFormat.SENML_JSON.number(), request.getOptions().getContentFormat());
        List<PressureReading> readings = new SenmlReadingCodec().decodeAll(request.getPayload());
        assertEquals(5, readings.size());
        for (int i = 1; i < readings.size(); i++) {
            assertEquals(readings.get(i - 1).seq() + 1, readings.get(i).seq());
            assertEquals(DeviceId.of("dev-7"), readings.get(i).device());
        }
    }

    @Test
    void a_full_handshake_is_asked_of_the_dtls_layer_through_the_destination_context() {
        Request request = DEVICE.post(1, true);

        assertEquals(DtlsEndpointContext.HANDSHAKE_MODE_FORCE_FULL,
                request.getDestinationContext().getString(DtlsEndpointContext.KEY_HANDSHAKE_MODE));
        assertEquals(15684, request.getDestinationContext().getPeerAddress().getPort());
    }

    @Test
    void connecting_reads_the_device_s_own_latest_reading() {
        Request request = DEVICE.connect();

        assertEquals(Code.GET, request.getCode());
        assertEquals("coaps://127.0.0.1:15684/pressure?device=dev-7&limit=1", request.getURI());
    }
}
