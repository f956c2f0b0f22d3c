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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingIngestTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final Instant NOW = Instant.parse("2026-11-22T12:34:56.789Z");
    private static final String JSON_READING =
            "{\"device\":\"dev-1\",\"seq\":42,\"kPa\":101.325,\"ts\":\"2026-11-22T10:00:00Z\"}";
    private static final PressureReading READING = new PressureReading(DEV_1, 42, 101.325,
            Instant.parse("2026-11-22T10:00:00Z"));

    private final InMemoryReadingStore store = new InMemoryReadingStore();
    private final ReadingIngest ingest = new ReadingIngest(store, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void a_json_reading_is_created() throws Exception {
        Created created = assertInstanceOf(Created.class, only(ingest.ingest(DEV_1, ContentFormat.JSON,
                bytes(JSON_READING))));

        assertEquals(READING, created.reading());
        assertEquals(List.of(READING), store.history(DEV_1, 10));
    }

    @Test
    void the_same_reading_again_is_already_stored_and_stored_once() throws Exception {
        ingest.ingest(DEV_1, ContentFormat.JSON, bytes(JSON_READING)).join();

        AlreadyStored again = assertInstanceOf(AlreadyStored.class, only(ingest.ingest(DEV_1, ContentFormat.JSON,
                bytes(JSON_READING))));

        assertEquals(READING, again.reading());
        assertEquals(1, store.count());
    }

    @Test
    void a_reading_naming_another_device_is_foreign_and_not_stored() {
        ForeignDeviceException e = assertThrows(ForeignDeviceException.class,
                () -> ingest.ingest(DeviceId.of("dev-2"), ContentFormat.JSON, bytes(JSON_READING)));

        assertTrue(e.getMessage().contains("dev-1") && e.getMessage().contains("dev-2"), e.getMessage());
        assertEquals(0, store.count());
    }

    @Test
    void a_senml_reading_naming_another_device_is_foreign_too() {
        byte[] senml = new SenmlReadingCodec().encode(READING);

        assertThrows(ForeignDeviceException.class,
                () -> ingest.ingest(DeviceId.of("dev-2"), ContentFormat.SENML_JSON, senml));
        assertEquals(0, store.count());
    }

    @Test
    void a_senml_reading_from_its_own_device_is_created() throws Exception {
        byte[] senml = new SenmlReadingCodec().encode(READING);

        assertEquals(new Receipt(List.of(new Created(READING))),
                ingest.ingest(DEV_1, ContentFormat.SENML_JSON, senml).join());
    }

    @Test
    void a_json_reading_without_device_and_ts_belongs_to_the_peer_at_the_server_time() throws Exception {
        Created created = assertInstanceOf(Created.class, only(ingest.ingest(DEV_1, ContentFormat.JSON,
                bytes("{\"seq\":3,\"kPa\":99.5}"))));

        assertEquals(new PressureReading(DEV_1, 3, 99.5, NOW), created.reading());
    }

    @Test
    void text_readings_get_the_server_seq_and_the_clock_time() throws Exception {
        Created first = assertInstanceOf(Created.class, only(ingest.ingest(DEV_1, ContentFormat.TEXT_PLAIN,
                bytes("101.325"))));
        Created second = assertInstanceOf(Created.class, only(ingest.ingest(DEV_1, ContentFormat.TEXT_PLAIN,
                bytes("101.4\n"))));

        assertEquals(new PressureReading(DEV_1, 0, 101.325, NOW), first.reading());
        assertEquals(new PressureReading(DEV_1, 1, 101.4, NOW), second.reading());
        assertEquals(2, store.count());
    }

    @Test
    void a_text_reading_continues_after_the_highest_json_seq() throws Exception {
        ingest.ingest(DEV_1, ContentFormat.JSON, bytes(JSON_READING)).join();

        Created text = assertInstanceOf(Created.class, only(ingest.ingest(DEV_1, ContentFormat.TEXT_PLAIN,
                bytes("100"))));

        assertEquals(43, text.reading().seq());
    }

    @Test
    void a_store_failure_fails_the_future_with_the_store_exception() throws Exception {
        store.close();

        CompletionException e = assertThrows(CompletionException.class,
                () -> ingest.ingest(DEV_1, ContentFormat.JSON, bytes(JSON_READING)).join());

        assertInstanceOf(StoreException.class, e.getCause());
    }

    @Test
    void the_listener_hears_each_stored_reading_before_the_caller_does() throws Exception {
        List<Result> heard = new CopyOnWriteArrayList<>();
        ReadingIngest listened = new ReadingIngest(store, Clock.fixed(NOW, ZoneOffset.UTC), heard::add);

        Result first = only(listened.ingest(DEV_1, ContentFormat.JSON, bytes(JSON_READING))
                .thenApply(receipt -> {
                    assertEquals(1, heard.size(), "counted before the device is answered");
                    return receipt;
                }));
        Result again = only(listened.ingest(DEV_1, ContentFormat.JSON, bytes(JSON_READING)));

        assertEquals(List.of(first, again), heard);
        assertInstanceOf(Created.class, heard.get(0));
        assertInstanceOf(AlreadyStored.class, heard.get(1));
    }

    @Test
    void the_listener_hears_nothing_of_a_rejected_reading() {
        List<Result> heard = new CopyOnWriteArrayList<>();
        ReadingIngest listened = new ReadingIngest(store, Clock.fixed(NOW, ZoneOffset.UTC), heard::add);

        assertThrows(InvalidReadingException.class, () -> listened.ingest(DEV_1, ContentFormat.JSON, bytes("{")));

        assertEquals(List.of(), heard);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "{\"kpa\":101.3}", "{\"kPa\":-1}", "{\"kPa\":\"101\"}",
        "{\"device\":\"../x\",\"kPa\":101}", "{\"seq\":-1,\"kPa\":101}", "{\"kPa\":101,\"ts\":\"yesterday\"}"})
    void an_invalid_json_payload_is_rejected_and_nothing_stored(String payload) {
        assertThrows(InvalidReadingException.class, () -> ingest.ingest(DEV_1, ContentFormat.JSON, bytes(payload)));

        assertEquals(0, store.count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "101,3", "1e3", "-5", "100001", "101.325 kPa"})
    void an_invalid_text_payload_is_rejected_and_nothing_stored(String payload) {
        assertThrows(InvalidReadingException.class,
                () -> ingest.ingest(DEV_1, ContentFormat.TEXT_PLAIN, bytes(payload)));

        assertEquals(0, store.count());
    }

    /** The result of a POST of one reading. */
    private static Result only(CompletableFuture<Receipt> receipt) {
        List<Result> results = receipt.join().results();
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
