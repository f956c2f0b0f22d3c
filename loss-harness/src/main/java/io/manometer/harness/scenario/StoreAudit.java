package io.manometer.harness.scenario;

import io.manometer.protocol.DeviceId;
import io.manometer.server.storage.ReadingStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares what the devices were told with what the server stored, by each reading's identity
 * ({@link ReadingIdentity}), not by the seq the server may have assigned: the two promises of the server,
 * "acknowledged means stored" and "stored at most once", are checked here.
 */
final class StoreAudit {

    private StoreAudit() {
    }

    static ScenarioResult.Readings audit(List<DeviceRun.Tally> tallies, ReadingStore store, int readingsPerDevice) {
        Map<DeviceId, Map<Long, Integer>> stored = new HashMap<>();
        store.scan(Optional.empty(), reading -> stored.computeIfAbsent(reading.device(), d -> new HashMap<>())
                .merge(ReadingIdentity.identity(reading.kPa()), 1, Integer::sum));
        long rows = 0;
        long duplicates = 0;
        for (Map<Long, Integer> counts : stored.values()) {
            for (int count : counts.values()) {
                rows += count;
                duplicates += count - 1;
            }
        }
        long ackedNotStored = 0;
        long storedNotAcked = 0;
        long acked = 0;
        long timeouts = 0;
        long noSession = 0;
        long other = 0;
        Map<String, Long> reasons = new HashMap<>();
        for (DeviceRun.Tally tally : tallies) {
            Map<Long, Integer> counts = stored.getOrDefault(tally.device(), Map.of());
            ackedNotStored += tally.acknowledged().stream().filter(n -> !counts.containsKey(n)).count();
            storedNotAcked += counts.keySet().stream().filter(n -> !tally.acknowledged().contains(n)).count();
            acked += tally.acknowledged().size();
            timeouts += tally.timeouts();
            noSession += tally.noSession();
            other += tally.otherFailures();
            tally.reasons().forEach((reason, count) -> reasons.merge(reason, count, Long::sum));
        }
        long sent = (long) tallies.size() * readingsPerDevice;
        return new ScenarioResult.Readings(sent, noSession, acked, timeouts, other, rows, duplicates, ackedNotStored,
                storedNotAcked, reasons);
    }
}
