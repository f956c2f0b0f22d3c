package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.server.storage.SqliteReadingStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server in the middle of a burst of POSTs: after a restart on the same database, every
 * reading whose acknowledgement reached a device is there, none twice; re-sending what was not acknowledged (as a
 * device's journal does) completes the set, still once each.
 */
class CrashSafetyIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final int MAX_READINGS = 2_000;
    private static final int ACKS_BEFORE_KILL = 300;
    /** Devices here re-send hundreds of readings at once after the crash: the per-device rate limit is a policy. */
    private static final String[] NO_RATE_LIMIT = {"--request-rate", "0"};
    private static final Map<String, CredentialMode> DEVICES = Map.of("psk-1", CredentialMode.PSK,
            "psk-2", CredentialMode.PSK, "ecdhe-1", CredentialMode.ECDHE_PSK, "rpk-1", CredentialMode.RPK,
            "x509-1", CredentialMode.X509, "x509-2", CredentialMode.X509);

    @TempDir
    Path dir;

    @Test
    void every_acknowledged_reading_survives_kill_9_and_none_is_stored_twice() throws Exception {
        try (ProcessFixture fixture = new ProcessFixture(dir, DEVICES.keySet().toArray(String[]::new))) {
            ServerProcess victim = fixture.startServer(0, NO_RATE_LIMIT);
            Map<DeviceId, Set<Long>> acknowledged = new ConcurrentHashMap<>();
            Map<DeviceId, Long> sent = new ConcurrentHashMap<>();
            CountDownLatch burst = new CountDownLatch(ACKS_BEFORE_KILL);
            ExecutorService devices = Executors.newFixedThreadPool(DEVICES.size());
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            try {
                for (Map.Entry<String, CredentialMode> entry : DEVICES.entrySet()) {
                    ReadingPublisher publisher = fixture.device(entry.getKey(), entry.getValue(), victim.uri(),
                            ShortTimers.device());
                    DeviceId id = DeviceId.of(entry.getKey());
                    acknowledged.put(id, ConcurrentHashMap.newKeySet());
                    runs.add(CompletableFuture.runAsync(() -> postUntilFailure(publisher, id, sent,
                            acknowledged.get(id), burst), devices));
                }
                assertTrue(burst.await(60, TimeUnit.SECONDS), "burst under way");
                victim.kill();
                CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            } finally {
                devices.shutdown();
            }

            ServerProcess restarted = fixture.startServer(0, NO_RATE_LIMIT);
            Map<DeviceId, Set<Long>> afterCrash = stored(fixture);
            acknowledged.forEach((id, seqs) -> assertTrue(afterCrash.getOrDefault(id, Set.of()).containsAll(seqs),
                    id + " lost acknowledged readings"));
            afterCrash.forEach((id, seqs) -> assertTrue(seqs.stream().allMatch(seq -> seq < sent.get(id)),
                    id + " has readings that were never sent"));

            resendEverything(fixture, restarted.uri(), sent);
            restarted.terminate();
            Map<DeviceId, Set<Long>> complete = stored(fixture);
            long rows = countRows(fixture);
            for (DeviceId id : acknowledged.keySet()) {
                assertEquals(sent.get(id), (long) complete.get(id).size(), id + ": every sent reading stored");
            }
            assertEquals(sent.values().stream().mapToLong(Long::longValue).sum(), rows, "no reading stored twice");
        }
    }

    /** Posts seq 0, 1, 2 … until a request fails (the server died); {@code sent} ends one past the last seq sent. */
    private static void postUntilFailure(ReadingPublisher publisher, DeviceId id, Map<DeviceId, Long> sent,
            Set<Long> acknowledged, CountDownLatch burst) {
        for (long seq = 0; seq < MAX_READINGS; seq++) {
            sent.put(id, seq + 1);
            PublishResult result = publisher.publish(reading(id, seq), ContentFormat.JSON).join();
            if (!(result instanceof Answered answered) || !answered.acknowledged()) {
                return;
            }
            acknowledged.add(seq);
            burst.countDown();
        }
    }

    /** What a device's journal does after a crash: re-send what it cannot prove was stored; 2.01 or 2.04 each. */
    private static void resendEverything(ProcessFixture fixture, URI server, Map<DeviceId, Long> sent) {
        for (Map.Entry<String, CredentialMode> entry : DEVICES.entrySet()) {
            DeviceId id = DeviceId.of(entry.getKey());
            ReadingPublisher publisher = fixture.device(entry.getKey(), entry.getValue(), server,
                    ShortTimers.device());
            for (long seq = 0; seq < sent.get(id); seq++) {
                PublishResult result = publisher.publish(reading(id, seq), ContentFormat.JSON).join();
                Answered answered = assertInstanceOf(Answered.class, result, id + " seq " + seq);
                assertTrue(answered.acknowledged(), id + " seq " + seq + ": " + result);
            }
        }
    }

    private static PressureReading reading(DeviceId id, long seq) {
        return new PressureReading(id, seq, 90 + seq % 20, T0.plus(seq, ChronoUnit.MILLIS));
    }

    private static Map<DeviceId, Set<Long>> stored(ProcessFixture fixture) {
        Map<DeviceId, Set<Long>> stored = new HashMap<>();
        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(fixture.database())) {
            store.scan(Optional.empty(), reading -> {
                assertEquals(reading(reading.device(), reading.seq()), reading, "stored exactly as sent");
                stored.computeIfAbsent(reading.device(), d -> new HashSet<>()).add(reading.seq());
            });
        }
        return stored;
    }

    private static long countRows(ProcessFixture fixture) {
        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(fixture.database())) {
            return store.count();
        }
    }
}
