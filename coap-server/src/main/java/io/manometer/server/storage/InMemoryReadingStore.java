package io.manometer.server.storage;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link ReadingStore} in memory: fast, exact, and gone with the process. It is the reference the durable
 * stores are measured against, and the store of tests that do not test durability.
 */
public final class InMemoryReadingStore implements ReadingStore {

    private final Map<DeviceId, NavigableMap<Long, PressureReading>> byDevice = new TreeMap<>();
    private long count;

    @Override
    public synchronized Outcome store(PressureReading reading) {
        NavigableMap<Long, PressureReading> readings = byDevice.computeIfAbsent(reading.device(), d -> new TreeMap<>());
        if (readings.putIfAbsent(reading.seq(), reading) != null) {
            return Outcome.DUPLICATE;
        }
        count++;
        return Outcome.CREATED;
    }

    @Override
    public synchronized PressureReading storeWithNextSeq(DeviceId device, double kPa, Instant ts) {
        NavigableMap<Long, PressureReading> readings = byDevice.computeIfAbsent(device, d -> new TreeMap<>());
        long seq = readings.isEmpty() ? 0 : readings.lastKey() + 1;
        PressureReading reading = new PressureReading(device, seq, kPa, ts);
        readings.put(seq, reading);
        count++;
        return reading;
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
    public synchronized long count() {
        return count;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
