package io.manometer.server.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.SenmlReadingCodec;
import io.manometer.server.resource.ReadingIngest.AlreadyStored;
import io.manometer.server.resource.ReadingIngest.Created;
import io.manometer.server.resource.ReadingIngest.ForeignDeviceException;
import io.manometer.server.resource.ReadingIngest.Receipt;
import io.manometer.server.resource.ReadingIngest.Result;
import io.manometer.server.storage.InMemoryReadingStore;
import io.manometer.server.storage.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The rules of a SenML POST of several readings: all checked before any is stored, each stored exactly once. */
class ReadingIngestPackTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final DeviceId DEV_2 = DeviceId.of("dev-2");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-22T12:34:56.789Z");

    private final SenmlReadingCodec senml = new SenmlReadingCodec();
    private final InMemoryReadingStore store = new InMemoryReadingStore();
    private final List<Result> heard = new CopyOnWriteArrayList<>();
    private final ReadingIngest ingest = new ReadingIngest(store, Clock.fixed(NOW, ZoneOffset.UTC), heard::add);

    @Test
    void a_pack_of_ten_is_created_reading_by_reading_in_pack_order() throws Exception {
        List<PressureReading> readings = readings(DEV_1, 0, 10);

        Receipt receipt = post(DEV_1, senml.encodeAll(readings));

        assertEquals(readings.stream().map(Created::new).toList(), receipt.results());
        assertEquals(10, receipt.created());
        assertEquals(0, receipt.alreadyStored());
        assertEquals(10, store.count());
    }

    @Test
    void the_same_pack_again_is_already_stored_reading_by_reading_and_stored_once() throws Exception {
        List<PressureReading> readings = readings(DEV_1, 0, 10);
        post(DEV_1, senml.encodeAll(readings));

        Receipt again = post(DEV_1, senml.encodeAll(readings));

        assertEquals(readings.stream().map(AlreadyStored::new).toList(), again.results());
        assertEquals(0, again.created());
        assertEquals(10, store.count());
    }

    @Test
    void a_pack_re_sent_after_part_of_it_was_stored_stores_only_the_rest() throws Exception {
        // what a device sees after the server died between two group commits holding parts of its pack
        post(DEV_1, senml.encodeAll(readings(DEV_1, 3, 4)));

        Receipt resent = post(DEV_1, senml.encodeAll(readings(DEV_1, 0, 10)));

        assertEquals(6, resent.created());
        assertEquals(4, resent.alreadyStored());
        assertInstanceOf(AlreadyStored.class, resent.results().get(3));
        assertInstanceOf(Created.class, resent.results().get(7));
        assertEquals(10, store.count());
    }

    @Test
    void the_listener_hears_every_reading_of_the_pack_before_the_caller_does() throws Exception {
        List<PressureReading> readings = readings(DEV_1, 0, 5);

        Receipt receipt = ingest.ingest(DEV_1, ContentFormat.SENML_JSON, senml.encodeAll(readings))
                .thenApply(done -> {
                    assertEquals(5, heard.size(), "counted before the device is answered");
                    return done;
                }).join();

        assertEquals(receipt.results(), heard);
    }

    @Test
    void readings_without_base_name_and_time_are_the_peers_at_the_server_time() throws Exception {
        Receipt receipt = post(DEV_1, bytes("[{'n':'pressure','u':'Pa','v':101325},{'n':'seq','v':1},"
                + "{'n':'pressure','u':'Pa','v':101000},{'n':'seq','v':2}]"));

        assertEquals(List.of(new Created(new PressureReading(DEV_1, 1, 101.325, NOW)),
                new Created(new PressureReading(DEV_1, 2, 101.0, NOW))), receipt.results());
    }

    @Test
    void an_invalid_reading_refuses_the_whole_pack_and_names_the_reading() {
        String pack = new String(senml.encodeAll(readings(DEV_1, 0, 10)), StandardCharsets.UTF_8)
                .replace("\"u\":\"Pa\",\"v\":100500}", "\"u\":\"Pa\",\"v\":-1}");

        InvalidReadingException e = assertThrows(InvalidReadingException.class,
                () -> ingest.ingest(DEV_1, ContentFormat.SENML_JSON, pack.getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().startsWith("SenML reading 6 of 10: "), e.getMessage());
        assertEquals(0, store.count());
        assertEquals(List.of(), heard);
    }

    @Test
    void a_reading_repeated_in_one_pack_refuses_the_pack() {
        List<PressureReading> readings = new ArrayList<>(readings(DEV_1, 0, 6));
        readings.set(4, readings.get(1));

        InvalidReadingException e = assertThrows(InvalidReadingException.class,
                () -> ingest.ingest(DEV_1, ContentFormat.SENML_JSON, senml.encodeAll(readings)));

        assertEquals("SenML readings 2 and 5 of 6 are the same reading: both have seq 1; a pack holds each reading"
                + " once", e.getMessage());
        assertEquals(0, store.count());
    }

    @Test
    void a_reading_of_another_device_refuses_the_pack_with_forbidden() {
        List<PressureReading> readings = new ArrayList<>(readings(DEV_1, 0, 10));
        readings.set(3, new PressureReading(DEV_2, 3, 101.0, T0));

        ForeignDeviceException e = assertThrows(ForeignDeviceException.class,
                () -> ingest.ingest(DEV_1, ContentFormat.SENML_JSON, senml.encodeAll(readings)));

        assertTrue(e.getMessage().startsWith("SenML reading 4 of 10 names device 'dev-2'"), e.getMessage());
        assertEquals(0, store.count());
    }

    @Test
    void invalid_input_is_reported_before_a_foreign_reading() {
        List<PressureReading> readings = new ArrayList<>(readings(DEV_1, 0, 6));
        readings.set(1, new PressureReading(DEV_2, 1, 101.0, T0));
        readings.set(5, readings.get(4));

        assertThrows(InvalidReadingException.class,
                () -> ingest.ingest(DEV_1, ContentFormat.SENML_JSON, senml.encodeAll(readings)));
    }

    @Test
    void a_store_failure_fails_the_whole_pack() {
        store.close();

        CompletionException e = assertThrows(CompletionException.class,
                () -> post(DEV_1, senml.encodeAll(readings(DEV_1, 0, 3))));

        assertInstanceOf(StoreException.class, e.getCause());
        assertEquals(List.of(), heard);
    }

    private Receipt post(DeviceId peer, byte[] pack) throws Exception {
        return ingest.ingest(peer, ContentFormat.SENML_JSON, pack).join();
    }

    /** {@code count} readings of {@code device} from {@code firstSeq}, 0.5 kPa and 1 s apart. */
    private static List<PressureReading> readings(DeviceId device, long firstSeq, int count) {
        return LongStream.range(firstSeq, firstSeq + count)
                .mapToObj(seq -> new PressureReading(device, seq, 98 + seq / 2.0, T0.plusSeconds(seq)))
                .toList();
    }

    private static byte[] bytes(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
