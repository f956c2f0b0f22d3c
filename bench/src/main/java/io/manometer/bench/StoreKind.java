package io.manometer.bench;

import io.manometer.server.storage.InMemoryReadingStore;
import io.manometer.server.storage.ReadingStore;
import io.manometer.server.storage.SqliteReadingStore;
import java.nio.file.Path;
import java.time.Clock;

/** The stores a round can run against: the in-memory reference and the durable SQLite store the server ships. */
enum StoreKind {
    MEMORY("in-memory"),
    SQLITE("sqlite");

    /** The database file of a SQLite round, inside the round's own folder. */
    static final String DATABASE = "readings.db";

    private final String label;

    StoreKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** A new, empty store; a SQLite store gets a fresh database in {@code roundDir}. */
    ReadingStore open(Path roundDir, Clock clock) {
        return switch (this) {
            case MEMORY -> new InMemoryReadingStore();
            case SQLITE -> SqliteReadingStore.open(roundDir.resolve(DATABASE), clock);
        };
    }
}
