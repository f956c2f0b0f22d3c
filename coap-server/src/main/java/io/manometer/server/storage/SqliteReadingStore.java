package io.manometer.server.storage;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The server's durable store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a committed reading
 * survives a crash of the process or the machine. Writes go through {@link GroupCommit}: concurrent POSTs share a
 * transaction and its fsync, and the readings of one pack ({@link #storeAll}) always share the same one. The SQL
 * is plain enough ({@code INSERT … ON CONFLICT DO NOTHING}) to run on PostgreSQL as well. Schema (see README
 * "Reading store"):
 * <pre>
 * readings(device TEXT, seq INTEGER, kpa REAL, ts TEXT, received TEXT, PRIMARY KEY (device, seq))
 * </pre>
 */
public final class SqliteReadingStore implements ReadingStore {

    /** The schema this build writes; kept in {@code PRAGMA user_version}. */
    public static final int SCHEMA_VERSION = 1;
    /** Most readings in one transaction (a pack is never split, so it counts whole). */
    public static final int MAX_BATCH = MAX_READINGS_PER_WRITE;
    /** Readings waiting for the writer before new ones are refused with {@link StoreOverloadedException}. */
    public static final int QUEUE_CAPACITY = 16_384;

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS readings (
                device   TEXT    NOT NULL,
                seq      INTEGER NOT NULL CHECK (seq >= 0),
                kpa      REAL    NOT NULL,
                ts       TEXT    NOT NULL,
                received TEXT    NOT NULL,
                PRIMARY KEY (device, seq)
            ) WITHOUT ROWID""";
    private static final String INSERT = "INSERT INTO readings (device, seq, kpa, ts, received) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (device, seq) DO NOTHING";
    // MAX(seq) + 1 in SQL would overflow to a REAL at 2^63-1; the next seq is computed in Java instead
    private static final String MAX_SEQ = "SELECT MAX(seq) FROM readings WHERE device = ?";
    private static final String COLUMNS = "SELECT device, seq, kpa, ts FROM readings";
    private static final String LATEST = COLUMNS + " r WHERE seq = (SELECT MAX(seq) FROM readings WHERE device ="
            + " r.device) ORDER BY device";
    private static final String HISTORY = COLUMNS + " WHERE device = ? ORDER BY seq DESC LIMIT ?";
    private static final String SCAN_ALL = COLUMNS + " ORDER BY device, seq";
    private static final String SCAN_DEVICE = COLUMNS + " WHERE device = ? ORDER BY seq";

    private final Path file;
    private final Connection reader;
    private final Connection writerConnection;
    private final GroupCommit writer;
    private final Clock clock;
    private final AtomicLong count;
    /** Prepared once, used by the writer thread only. */
    private PreparedStatement insert;
    private PreparedStatement maxSeq;

    private SqliteReadingStore(Path file, Connection reader, Connection writerConnection, Clock clock, long count) {
        this.file = file;
        this.reader = reader;
        this.writerConnection = writerConnection;
        this.writer = writerConnection == null ? null
                : new GroupCommit(writerConnection, MAX_BATCH, QUEUE_CAPACITY, "manometer-store-writer");
        this.clock = clock;
        this.count = new AtomicLong(count);
    }

    /** Opens (creating if needed, with its parent folders) the database for reading and writing. */
    public static SqliteReadingStore open(Path file, Clock clock) {
        Connection writerConnection = null;
        Connection reader = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writerConnection = connect(file, false);
            createSchema(writerConnection, file);
            reader = connect(file, true);
            SqliteReadingStore store = new SqliteReadingStore(file, reader, writerConnection, clock,
                    countRows(reader));
            store.writer.start();
            return store;
        } catch (IOException | SQLException e) {
            closeQuietly(reader);
            closeQuietly(writerConnection);
            throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens an existing database for reading only, e.g. to export it while the server runs. */
    public static SqliteReadingStore openReadOnly(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no database at " + file);
        }
        Connection reader = null;
        try {
            reader = connect(file, true);
            checkVersion(reader, file);
            return new SqliteReadingStore(file, reader, null, Clock.systemUTC(), countRows(reader));
        } catch (SQLException e) {
            closeQuietly(reader);
            throw new StoreException("cannot read database " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Outcome> store(PressureReading reading) {
        // text is made here, on the caller's thread: the single writer thread is what every reading waits for
        String received = clock.instant().toString();
        String ts = reading.ts().toString();
        return submit(connection -> insert(connection, reading, ts, received) ? Outcome.CREATED : Outcome.DUPLICATE, 1)
                .thenApply(outcome -> {
                    if (outcome == Outcome.CREATED) {
                        count.incrementAndGet();
                    }
                    return outcome;
                });
    }

    @Override
    public CompletableFuture<List<Outcome>> storeAll(List<PressureReading> readings) {
        if (readings.size() > MAX_READINGS_PER_WRITE) {
            throw new IllegalArgumentException("at most " + MAX_READINGS_PER_WRITE + " readings at once, not "
                    + readings.size());
        }
        if (readings.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        String received = clock.instant().toString();
        List<String> times = readings.stream().map(reading -> reading.ts().toString()).toList();
        return submit(connection -> {
            List<Outcome> outcomes = new ArrayList<>(readings.size());
            for (int i = 0; i < readings.size(); i++) {
                outcomes.add(insert(connection, readings.get(i), times.get(i), received)
                        ? Outcome.CREATED : Outcome.DUPLICATE);
            }
            return outcomes;
        }, readings.size()).thenApply(outcomes -> {
            count.addAndGet(outcomes.stream().filter(Outcome.CREATED::equals).count());
            return outcomes;
        });
    }

    @Override
    public CompletableFuture<PressureReading> storeWithNextSeq(DeviceId device, double kPa, Instant ts) {
        String received = clock.instant().toString();
        String tsText = ts.toString();
        return submit(connection -> {
            if (maxSeq == null) {
                maxSeq = connection.prepareStatement(MAX_SEQ);
            }
            maxSeq.setString(1, device.value());
            long seq;
            try (ResultSet rows = maxSeq.executeQuery()) {
                rows.next();
                long max = rows.getLong(1);
                if (!rows.wasNull() && max == Long.MAX_VALUE) {
                    throw new SQLException("device " + device + " has used the highest seq; none left to assign");
                }
                seq = rows.wasNull() ? 0 : max + 1;
            }
            PressureReading reading = new PressureReading(device, seq, kPa, ts);
            if (!insert(connection, reading, tsText, received)) {
                // never acknowledge a reading that was not stored
                throw new SQLException("seq " + seq + " of device " + device + " is already stored");
            }
            return reading;
        }, 1).thenApply(reading -> {
            count.incrementAndGet();
            return reading;
        });
    }

    @Override
    public List<PressureReading> latest() {
        return query(LATEST, statement -> { });
    }

    @Override
    public List<PressureReading> history(DeviceId device, int limit) {
        return query(HISTORY, statement -> {
            statement.setString(1, device.value());
            statement.setInt(2, limit);
        });
    }

    @Override
    public void scan(Optional<DeviceId> device, Consumer<PressureReading> sink) {
        synchronized (reader) {
            try (PreparedStatement statement = reader.prepareStatement(device.isPresent() ? SCAN_DEVICE : SCAN_ALL)) {
                if (device.isPresent()) {
                    statement.setString(1, device.get().value());
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sink.accept(reading(rows));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long count() {
        if (writer != null) {
            return count.get();
        }
        // read-only: another process may be writing, so ask the database
        synchronized (reader) {
            try {
                return countRows(reader);
            } catch (SQLException e) {
                throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Transactions committed since opening; with {@link #committedWrites()} it shows how well writes group. */
    public long transactions() {
        return writer == null ? 0 : writer.batches();
    }

    /** Readings written (new or duplicate) in committed transactions since opening. */
    public long committedWrites() {
        return writer == null ? 0 : writer.rows();
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        synchronized (reader) {
            closeQuietly(reader);
        }
        closeQuietly(writerConnection);
    }

    private <T> CompletableFuture<T> submit(GroupCommit.Write<T> write, int rows) {
        if (writer == null) {
            return CompletableFuture.failedFuture(new StoreException(file + " is open read-only"));
        }
        return writer.submit(write, rows);
    }

    private boolean insert(Connection connection, PressureReading reading, String ts, String received)
            throws SQLException {
        if (insert == null) {
            insert = connection.prepareStatement(INSERT);
        }
        insert.setString(1, reading.device().value());
        insert.setLong(2, reading.seq());
        insert.setDouble(3, reading.kPa());
        insert.setString(4, ts);
        insert.setString(5, received);
        return insert.executeUpdate() == 1;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<PressureReading> query(String sql, Binder binder) {
        synchronized (reader) {
            try (PreparedStatement statement = reader.prepareStatement(sql)) {
                binder.bind(statement);
                List<PressureReading> readings = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        readings.add(reading(rows));
                    }
                }
                return readings;
            } catch (SQLException e) {
                throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static PressureReading reading(ResultSet row) throws SQLException {
        return new PressureReading(DeviceId.of(row.getString(1)), row.getLong(2), row.getDouble(3),
                Instant.parse(row.getString(4)));
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(5_000);
        // the table has no rowid; sqlite-jdbc would otherwise run SELECT last_insert_rowid() after every insert
        config.setGetGeneratedKeys(false);
        if (!readOnly) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL: in WAL mode a commit is on disk before it returns, so an acknowledgement survives power loss
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        }
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static void createSchema(Connection connection, Path file) throws SQLException {
        int version = checkVersion(connection, file);
        if (version == 0) {
            try (var statement = connection.createStatement()) {
                statement.executeUpdate(CREATE);
                statement.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
            }
        }
    }

    private static int checkVersion(Connection connection, Path file) throws SQLException {
        try (var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            int version = rows.next() ? rows.getInt(1) : 0;
            if (version != 0 && version != SCHEMA_VERSION) {
                throw new SQLException("schema version " + version + ", this build reads version " + SCHEMA_VERSION);
            }
            return version;
        }
    }

    private static long countRows(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM readings")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing after a failure; the first error is the one reported
            }
        }
    }
}
