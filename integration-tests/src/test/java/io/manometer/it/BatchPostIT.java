package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.SenmlReadingCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A device that buffers readings POSTs them as one SenML pack (RFC 8428) over real DTLS: the server answers once
 * every reading is stored, 2.01 if any was new and 2.04 if the pack was already stored, and refuses a pack with a
 * bad or foreign reading as a whole, storing none of it.
 */
class BatchPostIT {

    private static final int SENML = MediaTypeRegistry.APPLICATION_SENML_JSON;

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2", "dashboard").withObservers("dashboard");

    private final SenmlReadingCodec senml = new SenmlReadingCodec();

    @ParameterizedTest(name = "{0}")
    @EnumSource(CredentialMode.class)
    void pack_of_ten_gets_2_01_and_ten_rows(CredentialMode mode) {
        Device device = server.device("dev-1", mode);
        List<PressureReading> pack = readings(device, 1, 10);

        Answered answer = device.postRaw(SENML, senml.encodeAll(pack));

        assertEquals("2.01", answer.code(), answer.diagnostic());
        assertEquals("{\"stored\":10,\"duplicates\":0}", text(answer));
        assertEquals(pack, stored(device.id()));
    }

    @Test
    void the_same_pack_again_gets_2_04_and_still_ten_rows() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        byte[] pack = senml.encodeAll(readings(device, 1, 10));
        assertEquals("2.01", device.postRaw(SENML, pack).code());

        Answered again = device.postRaw(SENML, pack);

        assertEquals("2.04", again.code(), again.diagnostic());
        assertEquals("{\"stored\":0,\"duplicates\":10}", text(again));
        assertEquals(10, server.store().count());
    }

    @Test
    void pack_re_sent_with_new_readings_added_stores_only_the_new_ones() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        assertEquals("2.01", device.postRaw(SENML, senml.encodeAll(readings(device, 1, 6))).code());

        Answered answer = device.postRaw(SENML, senml.encodeAll(readings(device, 1, 10)));

        assertEquals("2.01", answer.code(), answer.diagnostic());
        assertEquals("{\"stored\":4,\"duplicates\":6}", text(answer));
        assertEquals(readings(device, 1, 10), stored(device.id()));
    }

    @Test
    void pack_with_one_bad_reading_gets_4_00_naming_it_and_no_rows() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        List<PressureReading> pack = readings(device, 1, 10);
        // reading 7 (seq 7) reports 107 kPa = 107000 Pa; make it a negative pressure
        String bad = new String(senml.encodeAll(pack), StandardCharsets.UTF_8).replace("\"v\":107000}", "\"v\":-7}");

        Answered answer = device.postRaw(SENML, bad.getBytes(StandardCharsets.UTF_8));

        assertEquals("4.00", answer.code(), answer.diagnostic());
        assertTrue(answer.diagnostic().startsWith("SenML reading 7 of 10: "), answer.diagnostic());
        assertEquals(0, server.store().count());
    }

    @Test
    void pack_naming_another_device_gets_4_03_and_no_rows() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        List<PressureReading> pack = new ArrayList<>(readings(device, 1, 10));
        pack.set(4, new PressureReading(DeviceId.of("dev-2"), 5, 105, Device.EPOCH));

        Answered answer = device.postRaw(SENML, senml.encodeAll(pack));

        assertEquals("4.03", answer.code(), answer.diagnostic());
        assertTrue(answer.diagnostic().startsWith("SenML reading 5 of 10 names device 'dev-2'"), answer.diagnostic());
        assertEquals(0, server.store().count());
    }

    @Test
    void pack_larger_than_one_datagram_arrives_block_wise_and_is_stored() {
        // about 3 KB: above the 1024-byte payload a Californium client sends unsplit, so it goes as Block1 (RFC 7959)
        Device device = server.device("dev-1", CredentialMode.PSK);
        List<PressureReading> pack = readings(device, 1, 30);
        byte[] payload = senml.encodeAll(pack);
        assertTrue(payload.length > 2048, payload.length + " bytes");

        Answered answer = device.postRaw(SENML, payload);

        assertEquals("2.01", answer.code(), answer.diagnostic());
        assertEquals(pack, stored(device.id()));
    }

    @Test
    void an_observer_is_notified_of_a_pack_once_with_all_its_readings() {
        Device dashboard = server.device("dashboard", CredentialMode.PSK);
        Device device = server.device("dev-1", CredentialMode.PSK);
        Observation history = dashboard.observe("device=dev-1&limit=20");
        assertEquals(List.of(), history.nextReadings());
        List<PressureReading> pack = readings(device, 1, 10);

        assertEquals("2.01", device.postRaw(SENML, senml.encodeAll(pack)).code());
        assertEquals(newestFirst(pack), history.nextReadings());
        PressureReading next = device.reading(11, 111);
        assertEquals("2.01", device.post(next).code());

        // had the pack notified once per reading, the next notification would still show the pack alone
        List<PressureReading> all = new ArrayList<>(pack);
        all.add(next);
        assertEquals(newestFirst(all), history.nextReadings());
    }

    /** Readings {@code first} .. {@code first + count - 1} of a device, 1 s apart: seq n reports 100 + n kPa. */
    private static List<PressureReading> readings(Device device, long first, int count) {
        return LongStream.range(first, first + count).mapToObj(seq -> device.reading(seq, 100 + seq)).toList();
    }

    /** What the server stored for {@code device}, in seq order. */
    private List<PressureReading> stored(DeviceId device) {
        List<PressureReading> readings = new ArrayList<>();
        server.store().scan(Optional.of(device), readings::add);
        return readings;
    }

    private static List<PressureReading> newestFirst(List<PressureReading> readings) {
        return readings.stream().sorted(Comparator.comparingLong(PressureReading::seq).reversed()).toList();
    }

    private static String text(Answered answer) {
        return new String(answer.payload(), StandardCharsets.UTF_8);
    }
}
