package io.manometer.server.storage;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link ReadingStore} in memory: fast, exact, and gone with the process. It is the reference the durable
 * stores are measured against, and the store of tests that do not test durability.
 */
public final class InMemoryReadingStore implements ReadingStore {

    private final Map<DeviceId, NavigableMap<Long, PressureReading>> byDevice = new TreeMap<>();
    private long count;
    private boolean closed;

    @Override
    public synchronized CompletableFuture<Outcome> store(PressureReading reading) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("store is closed"));
        }
        NavigableMap<Long, PressureReading> readings = byDevice.computeIfAbsent(reading.device(), d -> new TreeMap<>());
        if (readings.putIfAbsent(reading.seq(), reading) != null) {
            return CompletableFuture.completedFuture(Outcome.DUPLICATE);
        }
        count++;
        return CompletableFuture.completedFuture(Outcome.CREATED);
    }

    @Override
    public synchronized CompletableFuture<List<Outcome>> storeAll(List<PressureReading> readings) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("store is closed"));
        }
        if (readings.size() > MAX_READINGS_PER_WRITE) {
            throw new IllegalArgumentException("at most " + MAX_READINGS_PER_WRITE + " readings at once, not "
                    + readings.size());
        }
        List<Outcome> outcomes = new ArrayList<>(readings.size());
        for (PressureReading reading : readings) {
            // already completed: the synchronized block makes the whole pack one step, as a transaction would
            outcomes.add(store(reading).join());
        }
        return CompletableFuture.completedFuture(outcomes);
    }

    @Override
    public synchronized CompletableFuture<PressureReading> storeWithNextSeq(DeviceId device, double kPa,
            Instant ts) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("store is closed"));
        }
        NavigableMap<Long, PressureReading> readings = byDevice.computeIfAbsent(device, d -> new TreeMap<>());
        if (!readings.isEmpty() && readings.lastKey() == Long.MAX_VALUE) {
            return CompletableFuture.failedFuture(new StoreException("device " + device
                    + " has used the highest seq; none left to assign"));
        }
        long seq = readings.isEmpty() ? 0 : readings.lastKey() + 1;
        PressureReading reading = new PressureReading(device, seq, kPa, ts);
        readings.put(seq, reading);
        count++;
        return CompletableFuture.completedFuture(reading);
    }

    @Override
    public synchronized List<PressureReading> latest() {
        List<PressureReading> latest = new ArrayList<>();
        byDevice.values().stream().filter(r -> !r.isEmpty()).forEach(r -> latest.add(r.lastEntry().getValue()));
        return latest;
    }

    @Override
    public synchronized List<PressureReading> history(DeviceId device, int limit) {
        NavigableMap<Long, PressureReading> readings = byDevice.get(device);
        if (readings == null) {
            return List.of();
        }
        return readings.descendingMap().values().stream().limit(limit).toList();
    }

    @Override
    public synchronized void scan(Optional<DeviceId> device, Consumer<PressureReading> sink) {
        byDevice.entrySet().stream()
                .filter(entry -> device.isEmpty() || device.get().equals(entry.getKey()))
                .forEach(entry -> entry.getValue().values().forEach(sink));
    }

    @Override
    public synchronized long count() {
        return count;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
