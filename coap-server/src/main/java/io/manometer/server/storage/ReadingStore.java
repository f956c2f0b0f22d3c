package io.manometer.server.storage;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.time.Instant;
import java.util.List;

/**
 * Where acknowledged readings live. Shaped like a JDBC table with a unique {@code (device, seq)} key, so the
 * in-memory store, SQLite and (at scale) PostgreSQL are interchangeable. A reading is acknowledged only after
 * {@link #store} returned, and a stored {@code (device, seq)} is never stored twice.
 */
public interface ReadingStore extends AutoCloseable {

    /** What {@link #store} did with a reading. */
    enum Outcome {
        /** The reading was new and is now stored. */
        CREATED,
        /** A reading with the same device and seq was already stored; nothing changed. */
        DUPLICATE
    }

    Outcome store(PressureReading reading);

    /** Stores a reading whose seq the server assigns (text/plain): one above the device's highest seq. */
    PressureReading storeWithNextSeq(DeviceId device, double kPa, Instant ts);

    /** The newest reading (highest seq) of every device that has one, ordered by device id. */
    List<PressureReading> latest();

    /** A device's readings, newest (highest seq) first, at most {@code limit}. */
    List<PressureReading> history(DeviceId device, int limit);

    long count();

    @Override
    void close();
}
