package io.manometer.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.server.storage.ReadingStore.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryReadingStoreTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final DeviceId DEV_2 = DeviceId.of("dev-2");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final InMemoryReadingStore store = new InMemoryReadingStore();

    @Test
    void a_new_reading_is_created_and_counted() {
        assertEquals(Outcome.CREATED, store.store(reading(DEV_1, 0, 101.325)));

        assertEquals(1, store.count());
    }

    @Test
    void the_same_device_and_seq_is_a_duplicate_and_keeps_the_first_reading() {
        PressureReading first = reading(DEV_1, 7, 101.325);
        store.store(first);

        assertEquals(Outcome.DUPLICATE, store.store(first));
        assertEquals(Outcome.DUPLICATE, store.store(reading(DEV_1, 7, 99.0)));

        assertEquals(1, store.count());
        assertEquals(List.of(first), store.history(DEV_1, 10));
    }

    @Test
    void the_same_seq_from_another_device_is_a_different_reading() {
        assertEquals(Outcome.CREATED, store.store(reading(DEV_1, 7, 101.0)));
        assertEquals(Outcome.CREATED, store.store(reading(DEV_2, 7, 102.0)));

        assertEquals(2, store.count());
    }

    @Test
    void history_is_newest_first_whatever_the_arrival_order() {
        PressureReading seq1 = reading(DEV_1, 1, 101.1);
        PressureReading seq2 = reading(DEV_1, 2, 101.2);
        PressureReading seq3 = reading(DEV_1, 3, 101.3);
        store.store(seq2);
        store.store(seq3);
        store.store(seq1);
        store.store(reading(DEV_2, 9, 99.9));

        assertEquals(List.of(seq3, seq2, seq1), store.history(DEV_1, 10));
    }

    @Test
    void history_is_limited_to_the_newest_readings() {
        for (int seq = 0; seq < 10; seq++) {
            store.store(reading(DEV_1, seq, 100 + seq));
        }

        assertEquals(List.of(9L, 8L, 7L), store.history(DEV_1, 3).stream().map(PressureReading::seq).toList());
        assertEquals(1, store.history(DEV_1, 1).size());
    }

    @Test
    void history_of_an_unknown_device_is_empty() {
        store.store(reading(DEV_1, 0, 101.0));

        assertEquals(List.of(), store.history(DEV_2, 10));
    }

    @Test
    void latest_holds_the_highest_seq_of_each_device_ordered_by_device() {
        PressureReading dev2Latest = reading(DEV_2, 5, 99.5);
        PressureReading dev1Latest = reading(DEV_1, 3, 101.3);
        store.store(dev2Latest);
        store.store(reading(DEV_2, 4, 99.4));
        store.store(dev1Latest);
        store.store(reading(DEV_1, 1, 101.1));

        assertEquals(List.of(dev1Latest, dev2Latest), store.latest());
    }

    @Test
    void latest_of_an_empty_store_is_empty() {
        assertEquals(List.of(), store.latest());
    }

    @Test
    void next_seq_of_a_new_device_is_zero() {
        PressureReading stored = store.storeWithNextSeq(DEV_1, 101.325, T0);

        assertEquals(new PressureReading(DEV_1, 0, 101.325, T0), stored);
        assertEquals(List.of(stored), store.history(DEV_1, 10));
        assertEquals(1, store.count());
    }

    @Test
    void next_seq_is_one_above_the_highest_stored_seq() {
        store.store(reading(DEV_1, 41, 101.0));
        store.store(reading(DEV_1, 3, 101.0));
        store.store(reading(DEV_2, 99, 101.0));

        assertEquals(42, store.storeWithNextSeq(DEV_1, 101.5, T0).seq());
        assertEquals(43, store.storeWithNextSeq(DEV_1, 101.6, T0).seq());
        assertEquals(5, store.count());
    }

    private static PressureReading reading(DeviceId device, long seq, double kPa) {
        return new PressureReading(device, seq, kPa, T0.plusSeconds(seq));
    }
}
