package io.manometer.server.storage;

import static io.manometer.server.storage.Futures.await;
import static io.manometer.server.storage.Futures.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.server.storage.ReadingStore.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link ReadingStore} keeps, written once so the in-memory reference and the durable stores are
 * held to the same ones. A subclass only says how to make a new, empty store.
 */
abstract class ReadingStoreContract {

    static final DeviceId DEV_1 = DeviceId.of("dev-1");
    static final DeviceId DEV_2 = DeviceId.of("dev-2");
    static final DeviceId DEV_3 = DeviceId.of("dev-3");
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    ReadingStore store;

    /** A new, empty store; the contract closes it after each test. */
    abstract ReadingStore newStore();

    @BeforeEach
    void open_store() {
        store = newStore();
    }

    @AfterEach
    void close_store() {
        store.close();
    }

    @Test
    void a_new_reading_is_created_and_counted() {
        assertEquals(Outcome.CREATED, await(store.store(reading(DEV_1, 0, 101.325))));

        assertEquals(1, store.count());
    }

    @Test
    void the_same_device_and_seq_is_a_duplicate_and_keeps_the_first_reading() {
        PressureReading first = reading(DEV_1, 7, 101.325);
        await(store.store(first));

        assertEquals(Outcome.DUPLICATE, await(store.store(first)));
        assertEquals(Outcome.DUPLICATE, await(store.store(reading(DEV_1, 7, 99.0))));

        assertEquals(1, store.count());
        assertEquals(List.of(first), store.history(DEV_1, 10));
        assertEquals(List.of(first), scan(Optional.empty()));
    }

    @Test
    void the_same_seq_from_another_device_is_a_different_reading() {
        PressureReading dev1 = reading(DEV_1, 7, 101.0);
        PressureReading dev2 = reading(DEV_2, 7, 102.0);

        assertEquals(Outcome.CREATED, await(store.store(dev1)));
        assertEquals(Outcome.CREATED, await(store.store(dev2)));

        assertEquals(2, store.count());
        assertEquals(List.of(dev1, dev2), scan(Optional.empty()));
    }

    @Test
    void a_pack_is_stored_with_one_outcome_per_reading_in_order() {
        PressureReading stored = reading(DEV_1, 2, 101.2);
        await(store.store(stored));
        List<PressureReading> pack = List.of(reading(DEV_1, 1, 101.1), stored, reading(DEV_1, 3, 101.3));

        assertEquals(List.of(Outcome.CREATED, Outcome.DUPLICATE, Outcome.CREATED), await(store.storeAll(pack)));

        assertEquals(3, store.count());
        assertEquals(pack, scan(Optional.empty()));
        assertEquals(List.of(Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.DUPLICATE), await(store.storeAll(pack)));
        assertEquals(3, store.count());
    }

    @Test
    void a_pack_repeating_a_reading_stores_it_once() {
        PressureReading twice = reading(DEV_2, 9, 99.9);

        assertEquals(List.of(Outcome.CREATED, Outcome.DUPLICATE), await(store.storeAll(List.of(twice, twice))));

        assertEquals(1, store.count());
    }

    @Test
    void an_empty_pack_stores_nothing() {
        assertEquals(List.of(), await(store.storeAll(List.of())));

        assertEquals(0, store.count());
    }

    @Test
    void a_pack_after_close_fails_with_a_store_exception_and_stores_nothing() {
        store.close();

        assertInstanceOf(StoreException.class, failureOf(store.storeAll(List.of(reading(DEV_1, 0, 101.0)))));
    }

    @Test
    void history_is_newest_first_whatever_the_arrival_order() {
        PressureReading seq1 = reading(DEV_1, 1, 101.1);
        PressureReading seq2 = reading(DEV_1, 2, 101.2);
        PressureReading seq3 = reading(DEV_1, 3, 101.3);
        await(store.store(seq2));
        await(store.store(seq3));
        await(store.store(seq1));
        await(store.store(reading(DEV_2, 9, 99.9)));

        assertEquals(List.of(seq3, seq2, seq1), store.history(DEV_1, 10));
    }

    @Test
    void history_is_limited_to_the_newest_readings() {
        for (int seq = 0; seq < 10; seq++) {
            await(store.store(reading(DEV_1, seq, 100 + seq)));
        }

        assertEquals(List.of(9L, 8L, 7L), store.history(DEV_1, 3).stream().map(PressureReading::seq).toList());
        assertEquals(List.of(9L), store.history(DEV_1, 1).stream().map(PressureReading::seq).toList());
        assertEquals(10, store.history(DEV_1, 100).size());
    }

    @Test
    void history_of_an_unknown_device_is_empty() {
        await(store.store(reading(DEV_1, 0, 101.0)));

        assertEquals(List.of(), store.history(DEV_2, 10));
    }

    @Test
    void latest_holds_the_highest_seq_of_each_device_ordered_by_device() {
        PressureReading dev2Latest = reading(DEV_2, 5, 99.5);
        // the highest seq is the newest even when an older seq carries a later timestamp
        PressureReading dev1Latest = new PressureReading(DEV_1, 3, 101.3, T0);
        await(store.store(dev2Latest));
        await(store.store(reading(DEV_2, 4, 99.4)));
        await(store.store(dev1Latest));
        await(store.store(new PressureReading(DEV_1, 1, 101.1, T0.plusSeconds(3600))));

        assertEquals(List.of(dev1Latest, dev2Latest), store.latest());
    }

    @Test
    void latest_of_an_empty_store_is_empty() {
        assertEquals(List.of(), store.latest());
    }

    @Test
    void scan_visits_every_reading_ordered_by_device_then_seq() {
        await(store.store(reading(DEV_3, 1, 103.1)));
        await(store.store(reading(DEV_1, 2, 101.2)));
        await(store.store(reading(DEV_2, 0, 102.0)));
        await(store.store(reading(DEV_1, 0, 101.0)));
        await(store.store(reading(DEV_3, 0, 103.0)));

        assertEquals(List.of(reading(DEV_1, 0, 101.0), reading(DEV_1, 2, 101.2), reading(DEV_2, 0, 102.0),
                reading(DEV_3, 0, 103.0), reading(DEV_3, 1, 103.1)), scan(Optional.empty()));
    }

    @Test
    void scan_of_one_device_visits_only_its_readings_in_seq_order() {
        await(store.store(reading(DEV_2, 5, 102.5)));
        await(store.store(reading(DEV_1, 1, 101.1)));
        await(store.store(reading(DEV_2, 1, 102.1)));
        await(store.store(reading(DEV_3, 3, 103.3)));

        assertEquals(List.of(reading(DEV_2, 1, 102.1), reading(DEV_2, 5, 102.5)), scan(Optional.of(DEV_2)));
        assertEquals(List.of(), scan(Optional.of(DeviceId.of("dev-unknown"))));
    }

    @Test
    void next_seq_of_a_new_device_is_zero() {
        PressureReading stored = await(store.storeWithNextSeq(DEV_1, 101.325, T0));

        assertEquals(new PressureReading(DEV_1, 0, 101.325, T0), stored);
        assertEquals(List.of(stored), store.history(DEV_1, 10));
        assertEquals(1, store.count());
    }

    @Test
    void next_seq_is_one_above_the_highest_stored_seq_of_the_same_device() {
        await(store.store(reading(DEV_1, 41, 101.0)));
        await(store.store(reading(DEV_1, 3, 101.0)));
        await(store.store(reading(DEV_2, 99, 101.0)));

        assertEquals(42, await(store.storeWithNextSeq(DEV_1, 101.5, T0)).seq());
        assertEquals(43, await(store.storeWithNextSeq(DEV_1, 101.6, T0)).seq());
        assertEquals(0, await(store.storeWithNextSeq(DEV_3, 101.7, T0)).seq());

        assertEquals(List.of(43L, 42L, 41L, 3L), store.history(DEV_1, 10).stream().map(PressureReading::seq).toList());
    }

    @Test
    void a_device_at_the_highest_seq_gets_no_next_seq_and_nothing_false_is_acknowledged() {
        PressureReading last = new PressureReading(DEV_1, Long.MAX_VALUE, 101.0, T0);
        await(store.store(last));

        assertInstanceOf(StoreException.class, failureOf(store.storeWithNextSeq(DEV_1, 102.0, T0)));

        assertEquals(1, store.count());
        assertEquals(List.of(last), store.history(DEV_1, 10));
    }

    @Test
    void count_is_the_number_of_distinct_readings_whichever_way_they_were_written() {
        await(store.store(reading(DEV_1, 0, 101.0)));
        await(store.store(reading(DEV_1, 0, 101.0)));
        await(store.storeWithNextSeq(DEV_1, 101.1, T0));
        await(store.store(reading(DEV_2, 0, 102.0)));
        await(store.storeWithNextSeq(DEV_2, 102.1, T0));
        await(store.store(reading(DEV_2, 1, 102.1)));

        assertEquals(4, store.count());
        assertEquals(4, scan(Optional.empty()).size());
    }

    @Test
    void writes_after_close_fail_with_a_store_exception() {
        await(store.store(reading(DEV_1, 0, 101.0)));

        store.close();

        assertInstanceOf(StoreException.class, failureOf(store.store(reading(DEV_1, 1, 101.1))));
        assertInstanceOf(StoreException.class, failureOf(store.storeWithNextSeq(DEV_1, 101.2, T0)));
    }

    @Test
    void close_completes_the_writes_it_accepted() {
        List<CompletableFuture<Outcome>> accepted = new ArrayList<>();
        for (int seq = 0; seq < 200; seq++) {
            accepted.add(store.store(reading(DEV_1, seq, 100 + seq % 10)));
        }

        store.close();

        for (CompletableFuture<Outcome> write : accepted) {
            assertTrue(write.isDone(), "close() returned before an accepted write completed");
            assertEquals(Outcome.CREATED, write.join());
        }
        assertEquals(200, store.count());
    }

    List<PressureReading> scan(Optional<DeviceId> device) {
        return scan(store, device);
    }

    static List<PressureReading> scan(ReadingStore store, Optional<DeviceId> device) {
        List<PressureReading> visited = new ArrayList<>();
        store.scan(device, visited::add);
        return visited;
    }

    static PressureReading reading(DeviceId device, long seq, double kPa) {
        return new PressureReading(device, seq, kPa, T0.plusSeconds(seq));
    }
}
