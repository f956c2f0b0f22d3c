package io.manometer.device.fleet;

import io.manometer.device.publish.ReadingPublisher;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Workload#SESSIONS}: leave the server holding many idle sessions, to measure its memory per session. Each
 * session is a new endpoint (new port) that handshakes, POSTs one reading and is destroyed locally without
 * close_notify, so the server keeps the session until it expires; at most {@code concurrency} endpoints exist at
 * once. With {@code sessionsPerDevice} above 1, an identity opens several sessions from different ports, spread
 * over the run (session k belongs to device k mod N). With {@code closeSessions} each session instead ends with a
 * DTLS close_notify, for servers (libcoap 4.3.1) that would otherwise ignore a new session from a reused port.
 */
final class SessionsWorkload {

    private final FleetRun run;
    private final FleetOptions options;

    SessionsWorkload(FleetRun run) {
        this.run = run;
        this.options = run.options();
    }

    FleetRun.Phases run() throws InterruptedException {
        run.phase("sessions");
        List<FleetDevice> devices = run.devices();
        long total = (long) devices.size() * options.sessionsPerDevice();
        AtomicLong next = new AtomicLong();
        int batch = options.batch();
        long start = run.now();
        long deadline = start + options.duration().toNanos();
        Lanes lanes = Lanes.start((int) Math.min(options.concurrency(), total), lane -> {
            if (run.now() >= deadline || run.stopping()) {
                return Optional.empty();
            }
            long session = next.getAndIncrement();
            if (session >= total) {
                return Optional.empty();
            }
            FleetDevice device = devices.get((int) (session % devices.size()));
            Optional<ReadingPublisher> opened = run.open(device);
            if (opened.isEmpty()) {
                return FleetRun.skipped();
            }
            ReadingPublisher publisher = opened.get();
            return Optional.of(run.exchanges().send(publisher, device.post(batch, false),
                    Exchanges.Purpose.HANDSHAKE_READING, batch, run.now())
                    .whenCompleteAsync((ok, error) -> end(publisher), run.driver()));
        }, run.driver());
        run.finish(lanes, deadline);
        long opened = Math.min(next.get(), total);
        if (run.stopping()) {
            run.report((total - opened) + " sessions not opened: interrupted");
        } else {
            run.tally().failedAtOnce(FailureCause.NOT_CONNECTED, (total - opened) + " sessions not opened before"
                    + " --duration " + options.duration().toSeconds() + " s ended", total - opened);
        }
        double seconds = FleetRun.seconds(start, run.tally().lastOutcomeNanos(start));
        run.report(opened + " sessions opened in " + String.format(Locale.ROOT, "%.2f", seconds) + " s; "
                + (options.closeSessions() ? run.endpoints().closeNotifies() + " ended with close_notify"
                        : "the server keeps each until it expires"));
        return new FleetRun.Phases(seconds, seconds);
    }

    /** Drops the session's endpoint, after a close_notify if the options ask for one. */
    private void end(ReadingPublisher publisher) {
        if (!options.closeSessions()) {
            run.endpoints().retire(publisher);
            return;
        }
        try {
            run.endpoints().close(publisher);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.endpoints().retire(publisher);
        }
    }
}
