package io.manometer.server.storage;

import static io.manometer.server.storage.Futures.await;
import static io.manometer.server.storage.Futures.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.server.storage.ReadingStore.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store keeps the {@link ReadingStoreContract}, and what only a durable, shared file can promise. */
class SqliteReadingStoreTest extends ReadingStoreContract {

    private static final Instant NOW = Instant.parse("2026-11-22T12:34:56.789Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Override
    ReadingStore newStore() {
        return SqliteReadingStore.open(database(), CLOCK);
    }

    @AfterEach
    void the_writer_thread_stops_with_the_store() {
        store.close();

        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("manometer-store-writer") && thread.isAlive()),
                "the store's writer thread outlived close()");
    }

    @Test
    void a_pack_is_one_write_committed_in_one_transaction() {
        SqliteReadingStore sqlite = (SqliteReadingStore) store;
        List<PressureReading> pack = new ArrayList<>();
        for (int seq = 0; seq < 64; seq++) {
            pack.add(reading(DEV_1, seq, 100 + seq / 10.0));
        }

        await(store.storeAll(pack));

        assertEquals(1, sqlite.transactions());
        assertEquals(64, sqlite.committedWrites());
        assertEquals(pack, scan(Optional.empty()));
    }

    @Test
    void a_pack_larger_than_a_transaction_is_refused_as_a_bug_of_the_caller() {
        List<PressureReading> tooMany = new ArrayList<>();
        for (int seq = 0; seq <= SqliteReadingStore.MAX_BATCH; seq++) {
            tooMany.add(reading(DEV_1, seq, 100));
        }

        assertThrows(IllegalArgumentException.class, () -> store.storeAll(tooMany));
        assertEquals(0, store.count());
    }

    @Test
    void readings_survive_closing_and_reopening() {
        List<PressureReading> written = List.of(reading(DEV_1, 0, 101.0), reading(DEV_1, 1, 101.1),
                reading(DEV_2, 5, 102.5));
        written.forEach(reading -> await(store.store(reading)));
        PressureReading numbered = await(store.storeWithNextSeq(DEV_2, 102.6, T0));
        store.close();

        try (SqliteReadingStore reopened = SqliteReadingStore.open(database(), CLOCK)) {
            assertEquals(4, reopened.count());
            assertEquals(List.of(written.get(0), written.get(1), written.get(2), numbered),
                    scan(reopened, Optional.empty()));
            assertEquals(List.of(written.get(1), numbered), reopened.latest());
            assertEquals(Outcome.DUPLICATE, await(reopened.store(written.get(0))));
            assertEquals(7, await(reopened.storeWithNextSeq(DEV_2, 102.7, T0)).seq());
        }
    }

    @Test
    void kpa_and_timestamp_round_trip_exactly() {
        List<PressureReading> written = List.of(
                new PressureReading(DEV_1, 0, 0.1 + 0.2, Instant.parse("2026-11-22T10:00:00.123456789Z")),
                new PressureReading(DEV_1, 1, Math.nextUp(101.325), Instant.parse("2026-11-22T10:00:00.000000001Z")),
                new PressureReading(DEV_1, 2, Double.MIN_VALUE, Instant.parse("1969-12-31T23:59:59.999999999Z")),
                new PressureReading(DEV_1, 3, 100_000.0, Instant.parse("2026-11-22T10:00:00.100Z")),
                new PressureReading(DEV_1, 4, 1.0 / 3.0, Instant.parse("2026-11-22T10:00:00Z")));
        written.forEach(reading -> await(store.store(reading)));
        store.close();

        try (SqliteReadingStore reopened = SqliteReadingStore.open(database(), CLOCK)) {
            List<PressureReading> read = scan(reopened, Optional.of(DEV_1));
            assertEquals(written, read);
            for (int i = 0; i < written.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(written.get(i).kPa()),
                        Double.doubleToRawLongBits(read.get(i).kPa()), "kPa of seq " + i);
                assertEquals(written.get(i).ts().getNano(), read.get(i).ts().getNano(), "nanos of seq " + i);
            }
        }
    }

    @Test
    void the_receive_time_comes_from_the_clock() throws SQLException {
        await(store.store(reading(DEV_1, 0, 101.0)));
        await(store.storeWithNextSeq(DEV_1, 101.1, T0));
        store.close();

        assertEquals(List.of(NOW.toString(), NOW.toString()), column("SELECT received FROM readings ORDER BY seq"));
    }

    @Test
    void the_schema_version_is_kept_in_user_version() throws SQLException {
        store.close();

        assertEquals(List.of(String.valueOf(SqliteReadingStore.SCHEMA_VERSION)), column("PRAGMA user_version"));
    }

    @Test
    void a_file_that_is_not_a_database_is_refused_with_a_message_naming_it() throws Exception {
        Path notes = dir.resolve("notes.db");
        String text = "these are notes, not a database\n".repeat(200);
        Files.writeString(notes, text);

        StoreException e = assertThrows(StoreException.class, () -> SqliteReadingStore.open(notes, CLOCK));

        assertTrue(e.getMessage().contains(notes.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a database"), e.getMessage());
        assertEquals(text, Files.readString(notes), "the refused file must be left as it was");
        assertThrows(StoreException.class, () -> SqliteReadingStore.openReadOnly(notes));
    }

    @Test
    void a_database_of_a_newer_schema_is_refused() throws SQLException {
        Path newer = dir.resolve("newer.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + newer);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE readings (device TEXT, seq INTEGER, kpa REAL, ts TEXT,"
                    + " received TEXT, future_column TEXT, PRIMARY KEY (device, seq))");
            statement.executeUpdate("PRAGMA user_version = " + (SqliteReadingStore.SCHEMA_VERSION + 1));
        }

        StoreException e = assertThrows(StoreException.class, () -> SqliteReadingStore.open(newer, CLOCK));
        StoreException readOnly = assertThrows(StoreException.class, () -> SqliteReadingStore.openReadOnly(newer));

        assertTrue(e.getMessage().contains(newer.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("schema version " + (SqliteReadingStore.SCHEMA_VERSION + 1)),
                e.getMessage());
        assertTrue(readOnly.getMessage().contains(newer.toString()), readOnly.getMessage());
    }

    @Test
    void opening_a_missing_file_read_only_is_refused_and_creates_nothing() {
        Path missing = dir.resolve("missing.db");

        StoreException e = assertThrows(StoreException.class, () -> SqliteReadingStore.openReadOnly(missing));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void a_read_only_store_reads_what_another_instance_writes_meanwhile() {
        PressureReading first = reading(DEV_1, 0, 101.0);
        PressureReading second = reading(DEV_1, 1, 101.1);
        await(store.store(first));

        try (SqliteReadingStore readOnly = SqliteReadingStore.openReadOnly(database())) {
            assertEquals(List.of(first), readOnly.history(DEV_1, 10));

            await(store.store(second));

            assertEquals(List.of(second, first), readOnly.history(DEV_1, 10));
            assertEquals(List.of(second), readOnly.latest());
            assertEquals(List.of(first, second), scan(readOnly, Optional.empty()));
        }
    }

    @Test
    void writes_to_a_read_only_store_fail_and_change_nothing() {
        await(store.store(reading(DEV_1, 0, 101.0)));

        try (SqliteReadingStore readOnly = SqliteReadingStore.openReadOnly(database())) {
            Throwable stored = failureOf(readOnly.store(reading(DEV_1, 1, 101.1)));
            Throwable numbered = failureOf(readOnly.storeWithNextSeq(DEV_1, 101.2, T0));

            assertInstanceOf(StoreException.class, stored);
            assertTrue(stored.getMessage().contains("read-only"), stored.getMessage());
            assertInstanceOf(StoreException.class, numbered);
            assertEquals(0, readOnly.transactions());
        }
        assertEquals(List.of(reading(DEV_1, 0, 101.0)), scan(Optional.empty()));
    }

    @Test
    void concurrent_writes_share_transactions_and_each_is_answered_once() throws Exception {
        int threads = 8;
        int perThread = 500;
        // threads t and t + 4 write the same (device, seq) pairs: half of all writes are duplicates
        int distinct = threads / 2 * perThread;
        List<CompletableFuture<Outcome>> writes = submitConcurrently(threads, perThread);

        long created = writes.stream().map(Futures::await).filter(Outcome.CREATED::equals).count();

        SqliteReadingStore sqlite = (SqliteReadingStore) store;
        List<PressureReading> rows = scan(Optional.empty());
        Set<String> keys = new HashSet<>();
        rows.forEach(reading -> keys.add(reading.device() + "/" + reading.seq()));
        assertEquals(distinct, created);
        assertEquals(distinct, store.count());
        assertEquals(distinct, rows.size());
        assertEquals(distinct, keys.size());
        assertEquals(threads * perThread, sqlite.committedWrites());
        assertTrue(sqlite.transactions() < sqlite.committedWrites(), "no transaction held more than one write: "
                + sqlite.transactions() + " transactions for " + sqlite.committedWrites() + " writes");
    }

    @Test
    void concurrent_next_seq_writes_of_one_device_get_distinct_consecutive_seqs() throws Exception {
        int threads = 4;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<CompletableFuture<PressureReading>>>> submitters = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                submitters.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<PressureReading>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(store.storeWithNextSeq(DEV_1, 101.0, T0));
                    }
                    return mine;
                }));
            }
            start.countDown();
            Set<Long> seqs = new HashSet<>();
            for (Future<List<CompletableFuture<PressureReading>>> submitter : submitters) {
                submitter.get(Futures.TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach(write -> seqs.add(await(write).seq()));
            }

            assertEquals(threads * perThread, seqs.size());
            assertEquals(0L, seqs.stream().mapToLong(Long::longValue).min().orElseThrow());
            assertEquals(threads * perThread - 1L, seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
        } finally {
            stop(pool);
        }
    }

    private List<CompletableFuture<Outcome>> submitConcurrently(int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<CompletableFuture<Outcome>>>> submitters = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                DeviceId device = DeviceId.of("dev-" + t % (threads / 2));
                double kPa = 100 + t;
                submitters.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Outcome>> mine = new ArrayList<>(perThread);
                    for (int seq = 0; seq < perThread; seq++) {
                        mine.add(store.store(new PressureReading(device, seq, kPa, T0.plusMillis(seq))));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<CompletableFuture<Outcome>> all = new ArrayList<>();
            for (Future<List<CompletableFuture<Outcome>>> submitter : submitters) {
                all.addAll(submitter.get(Futures.TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            stop(pool);
        }
    }

    private static void stop(ExecutorService pool) throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(Futures.TIMEOUT_SECONDS, TimeUnit.SECONDS), "submitter threads leaked");
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private Path database() {
        return dir.resolve("readings.db");
    }
}
