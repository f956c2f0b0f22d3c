package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.DeviceCredentials;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import io.manometer.protocol.codec.SenmlReadingCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

/** The compact packs fleet devices POST: what the server's decoder reads back, and how many fit one message. */
class FleetPackTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.250Z");

    private final SenmlReadingCodec senml = new SenmlReadingCodec();

    @Test
    void a_compact_pack_states_the_base_fields_once_byte_exact() {
        List<PressureReading> readings = List.of(new PressureReading(DEV_1, 42, 101.325, T0),
                new PressureReading(DEV_1, 43, 101.33, T0.plusSeconds(1)),
                new PressureReading(DEV_1, 44, 0.0005, T0));

        assertArrayEquals(("[{'bn':'dev-1/','bt':1795341600.25,'bu':'Pa','n':'pressure','v':101325},"
                + "{'n':'seq','v':42},{'n':'pressure','v':101330,'t':1},{'n':'seq','v':43},"
                + "{'n':'pressure','v':0.5},{'n':'seq','v':44}]").replace('\'', '"')
                .getBytes(StandardCharsets.UTF_8), senml.encodeCompact(readings));
    }

    @Test
    void the_server_decoder_reads_a_compact_pack_as_the_same_readings() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        List<PressureReading> readings = new ArrayList<>();
        for (int i = 0; i < PressureApi.MAX_PACK_READINGS; i++) {
            double kPa = Math.round((90 + random.nextDouble() * 20) * 1000) / 1000.0;
            Instant ts = T0.plusMillis(random.nextInt(-5_000, 5_000));
            readings.add(new PressureReading(DEV_1, 1_795_341_600_250_000L + i, kPa, ts));
        }

        List<ReadingSubmission> decoded = senml.decodePack(senml.encodeCompact(readings));

        assertEquals(readings.size(), decoded.size());
        for (int i = 0; i < readings.size(); i++) {
            PressureReading sent = readings.get(i);
            assertEquals(new ReadingSubmission(Optional.of(DEV_1), OptionalLong.of(sent.seq()), sent.kPa(),
                    Optional.of(sent.ts())), decoded.get(i), "reading " + (i + 1));
        }
        assertEquals(readings, senml.decodeAll(senml.encodeCompact(readings)));
    }

    @Test
    void a_compact_pack_is_one_device_s_readings() {
        List<PressureReading> mixed = List.of(new PressureReading(DEV_1, 1, 101, T0),
                new PressureReading(DeviceId.of("dev-2"), 2, 101, T0));

        assertThrows(IllegalArgumentException.class, () -> senml.encodeCompact(mixed));
        assertThrows(IllegalArgumentException.class, () -> senml.encodeCompact(List.of()));
    }

    @Test
    void a_full_pack_of_the_widest_fleet_readings_fits_the_server_limit_and_one_message() {
        assertEquals(PressureApi.MAX_PACK_READINGS, FleetOptions.maxBatch(1, 10_000));
        assertEquals(PressureApi.MAX_PACK_READINGS, FleetDevice.maxBatch(DeviceId.of("dev-1000000")));
        FleetDevice device = new FleetDevice(DeviceCredentials.ofPsk(DeviceId.of("dev-10000"),
                "secret".getBytes(StandardCharsets.US_ASCII)), URI.create("coaps://127.0.0.1:5684"),
                Clock.fixed(T0, ZoneOffset.UTC));

        Request request = device.post(PressureApi.MAX_PACK_READINGS, false);

        assertTrue(request.getPayloadSize() <= PressureApi.MAX_PAYLOAD_BYTES, request.getPayloadSize() + " bytes");
        assertTrue(request.getPayloadSize() < FleetEndpoints.MAX_MESSAGE_SIZE - 64, "leaves room for the header");
    }

    @Test
    void ten_readings_are_well_within_californium_s_default_message_size() {
        FleetDevice device = new FleetDevice(DeviceCredentials.ofPsk(DEV_1,
                "secret".getBytes(StandardCharsets.US_ASCII)), URI.create("coaps://127.0.0.1:5684"),
                Clock.fixed(T0, ZoneOffset.UTC));

        assertTrue(device.post(10, false).getPayloadSize() < 1024);
    }
}
