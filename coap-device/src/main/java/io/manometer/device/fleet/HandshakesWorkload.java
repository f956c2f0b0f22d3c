package io.manometer.device.fleet;

import io.manometer.device.publish.ReadingPublisher;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@link Workload#HANDSHAKES}: how many full handshakes per second the server completes when kept busy. Each of
 * {@code concurrency} lanes owns every {@code lanes}-th device and cycles over them; each visit is one POST that
 * first runs a new full handshake ({@code HANDSHAKE_MODE_FORCE_FULL}: new client random, new ECDHE keys, full
 * certificate checks, no resumption), on the device's endpoint, which is opened on its first visit.
 * <pre>
 *   lane 0: dev-1 ─▶ dev-1+L ─▶ dev-1+2L ─▶ … ─▶ dev-1 ─▶ …     (L = lanes; one device, one lane: no overlap)
 * </pre>
 */
final class HandshakesWorkload {

    private final FleetRun run;
    private final FleetOptions options;

    HandshakesWorkload(FleetRun run) {
        this.run = run;
        this.options = run.options();
    }

    FleetRun.Phases run() throws InterruptedException {
        run.phase("handshakes");
        List<FleetDevice> devices = run.devices();
        int lanes = Math.min(options.concurrency(), devices.size());
        AtomicReferenceArray<ReadingPublisher> publishers = new AtomicReferenceArray<>(devices.size());
        int[] visits = new int[lanes];
        int batch = options.batch();
        long start = run.now();
        long deadline = start + options.duration().toNanos();
        Lanes running = Lanes.start(lanes, lane -> {
            if (run.now() >= deadline || run.stopping()) {
                return Optional.empty();
            }
            int owned = (devices.size() - lane + lanes - 1) / lanes;
            // only this lane touches its slot, and each step happens after the previous one's outcome
            int index = lane + lanes * (visits[lane]++ % owned);
            FleetDevice device = devices.get(index);
            ReadingPublisher publisher = publishers.get(index);
            if (publisher == null) {
                Optional<ReadingPublisher> opened = run.open(device);
                if (opened.isEmpty()) {
                    return FleetRun.skipped();
                }
                publisher = opened.get();
                publishers.set(index, publisher);
            }
            return Optional.of(run.exchanges().send(publisher, device.post(batch, true),
                    Exchanges.Purpose.HANDSHAKE_READING, batch, run.now()));
        }, run.driver());
        run.finish(running, deadline);
        long end = run.cutOff(deadline);
        double seconds = FleetRun.seconds(start, Math.max(end, run.tally().lastOutcomeNanos(end)));
        return new FleetRun.Phases(seconds, seconds);
    }
}
