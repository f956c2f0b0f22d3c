package io.manometer.device.fleet;

import io.manometer.device.publish.ReadingPublisher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Workload#READINGS}: connect every device, at most {@code concurrency} handshakes at a time, then POST
 * readings for {@code duration}, either closed loop ({@code inFlight} outstanding per device) or open loop at
 * {@code rate} readings/s spread round-robin over the devices.
 * <pre>
 *   ramp (≤ max(duration, 30 s)): dev-1..N  GET /pressure?device=ID&amp;limit=1  (handshake; stores nothing)
 *   window (duration): POST /pressure  ──▶ acknowledged | failure by cause
 *   drain  (≤ 10 s):   outcomes still out, then cancelled
 * </pre>
 */
final class ReadingsWorkload {

    /** Open loop: at most this many requests per connected device may be outstanding before new ones are skipped. */
    private static final int BACKLOG_PER_DEVICE = 32;
    private static final int MIN_BACKLOG = 1024;

    private final FleetRun run;
    private final FleetOptions options;

    ReadingsWorkload(FleetRun run) {
        this.run = run;
        this.options = run.options();
    }

    /** A connected device and its endpoint. */
    private record Sender(FleetDevice device, ReadingPublisher publisher) {
    }

    FleetRun.Phases run() throws InterruptedException {
        long rampStart = run.now();
        List<Sender> senders = connect(rampStart);
        double handshakeSeconds = FleetRun.seconds(rampStart, run.tally().lastOutcomeNanos(rampStart));
        run.report(String.format(Locale.ROOT, "%d of %d devices connected in %.2f s", senders.size(),
                options.devices(), handshakeSeconds));
        if (senders.isEmpty() || run.stopping()) {
            return new FleetRun.Phases(handshakeSeconds, 0);
        }
        run.phase("readings");
        long start = run.now();
        long deadline = start + options.duration().toNanos();
        if (options.rate() == 0) {
            closedLoop(senders, deadline);
        } else {
            openLoop(senders, start, deadline);
            run.finish(deadline);
        }
        long end = run.cutOff(deadline);
        return new FleetRun.Phases(handshakeSeconds, FleetRun.seconds(start,
                Math.max(end, run.tally().lastOutcomeNanos(end))));
    }

    /**
     * The ramp: every device's endpoint opened and its session established, within {@code duration} (at least
     * {@link FleetRun#MIN_RAMP}). If the first {@code concurrency} handshakes all fail, the server is taken to be
     * unreachable and the ramp stops there rather than failing every device one DTLS timeout at a time.
     */
    private List<Sender> connect(long start) throws InterruptedException {
        run.phase("connecting");
        long deadline = start + Math.max(options.duration().toNanos(), FleetRun.MIN_RAMP.toNanos());
        List<FleetDevice> devices = run.devices();
        int lanesCount = Math.min(options.concurrency(), devices.size());
        AtomicInteger next = new AtomicInteger();
        ConcurrentSkipListMap<Integer, Sender> connected = new ConcurrentSkipListMap<>();
        List<ReadingPublisher> failed = Collections.synchronizedList(new ArrayList<>());
        Lanes lanes = Lanes.start(lanesCount, lane -> {
            if (run.stopping() || run.now() >= deadline || (connected.isEmpty() && failed.size() >= lanesCount)) {
                return Optional.empty();
            }
            int index = next.getAndIncrement();
            if (index >= devices.size()) {
                return Optional.empty();
            }
            FleetDevice device = devices.get(index);
            Optional<ReadingPublisher> publisher = run.open(device);
            if (publisher.isEmpty()) {
                return FleetRun.skipped();
            }
            CompletableFuture<?> outcome = run.exchanges().send(publisher.get(), device.connect(),
                    Exchanges.Purpose.CONNECT, 0, run.now()).thenAccept(ok -> {
                        if (ok) {
                            connected.put(index, new Sender(device, publisher.get()));
                        } else {
                            failed.add(publisher.get());
                        }
                    });
            return Optional.of(outcome);
        }, run.driver());
        run.finish(lanes, deadline);
        int attempted = Math.min(next.get(), devices.size());
        long unreached = (long) devices.size() - attempted;
        if (run.stopping()) {
            // not a failure of the server: the run was ended before their turn
            run.report(unreached + " devices never tried: interrupted");
        } else {
            String why = connected.isEmpty() ? "the first " + lanesCount + " handshakes all failed"
                    : "the ramp ran out of time (--duration, at least " + FleetRun.MIN_RAMP.toSeconds() + " s)";
            run.tally().failedAtOnce(FailureCause.NOT_CONNECTED, unreached + " devices never tried: " + why,
                    unreached);
        }
        // a device that could not connect sends nothing; its endpoint goes now rather than at the end
        new ArrayList<>(failed).forEach(run.endpoints()::retire);
        return new ArrayList<>(connected.values());
    }

    /** Every device keeps {@code inFlight} POSTs outstanding until the deadline. */
    private void closedLoop(List<Sender> senders, long deadline) throws InterruptedException {
        int batch = options.batch();
        Lanes lanes = Lanes.start(senders.size() * options.inFlight(), lane -> {
            long now = run.now();
            if (now >= deadline || run.stopping()) {
                return Optional.empty();
            }
            Sender sender = senders.get(lane % senders.size());
            return Optional.of(run.exchanges().send(sender.publisher(), sender.device().post(batch, false),
                    Exchanges.Purpose.READING, batch, now));
        }, run.driver());
        run.finish(lanes, deadline);
    }

    /**
     * Sends on the {@link OpenLoopSchedule} from this thread, whatever the outcomes; latency counts from each
     * request's due time. If the server falls so far behind that the backlog reaches its cap, requests are skipped
     * and counted as local failures instead of piling up without bound.
     */
    private void openLoop(List<Sender> senders, long start, long deadline) throws InterruptedException {
        OpenLoopSchedule schedule = new OpenLoopSchedule(options.rate());
        long total = schedule.total(deadline - start);
        int backlog = Math.max(MIN_BACKLOG, senders.size() * BACKLOG_PER_DEVICE);
        int batch = options.batch();
        long sent = 0;
        while (sent < total && !run.stopping()) {
            long now = run.now();
            long due = Math.min(total, schedule.dueBy(now - start));
            for (; sent < due; sent++) {
                Sender sender = senders.get((int) (sent % senders.size()));
                if (run.exchanges().outstanding() >= backlog) {
                    run.tally().failed(FailureCause.LOCAL, "not sent: " + backlog + " requests outstanding, the"
                            + " server does not keep up with --rate " + options.rate(), now);
                    continue;
                }
                run.exchanges().send(sender.publisher(), sender.device().post(batch, false),
                        Exchanges.Purpose.READING, batch, start + schedule.dueNanos(sent));
            }
            if (sent < total) {
                // pacing: nothing to wait for but the clock, or a stop
                run.pace(start + schedule.dueNanos(sent) - run.now());
            }
        }
    }
}
