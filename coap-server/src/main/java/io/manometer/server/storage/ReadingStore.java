package io.manometer.server.storage;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where acknowledged readings live. Shaped like a JDBC table with a unique {@code (device, seq)} key, so the
 * in-memory store, SQLite and (at scale) PostgreSQL are interchangeable. Writes complete only once the reading is
 * durable, so a caller acknowledges a reading after its future completed, and a stored {@code (device, seq)} is
 * never stored twice.
 */
public interface ReadingStore extends AutoCloseable {

    /** Most readings {@link #storeAll} takes at once (a POSTed pack holds far fewer); more is a caller's bug. */
    int MAX_READINGS_PER_WRITE = 1024;

    /** What {@link #store} did with a reading. */
    enum Outcome {
        /** The reading was new and is now stored. */
        CREATED,
        /** A reading with the same device and seq was already stored; nothing changed. */
        DUPLICATE
    }

    /**
     * Stores a reading unless its {@code (device, seq)} is already stored. The future completes after the write is
     * durable, or exceptionally ({@link StoreException}, {@link StoreOverloadedException}) if it is not.
     */
    CompletableFuture<Outcome> store(PressureReading reading);

    /**
     * Stores a pack of readings (at most {@link #MAX_READINGS_PER_WRITE}) as one write: the future completes once
     * all are durable, with one outcome per reading in the same order, or exceptionally, and then none is stored.
     * The readings commit together or not at all, so a pack is never partly acknowledged; a pack that repeats a
     * {@code (device, seq)} stores it once.
     */
    CompletableFuture<List<Outcome>> storeAll(List<PressureReading> readings);

    /** Stores a reading whose seq the server assigns (text/plain): one above the device's highest seq. */
    CompletableFuture<PressureReading> storeWithNextSeq(DeviceId device, double kPa, Instant ts);

    /** The newest reading (highest seq) of every device that has one, ordered by device id. */
    List<PressureReading> latest();

    /** A device's readings, newest (highest seq) first, at most {@code limit}. */
    List<PressureReading> history(DeviceId device, int limit);

    /** Every stored reading (of one device, if given), ordered by device id, then seq; for exports. */
    void scan(Optional<DeviceId> device, Consumer<PressureReading> sink);

    long count();

    /** Completes the writes already accepted, then releases the store; later writes fail. */
    @Override
    void close();
}
