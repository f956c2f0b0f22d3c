package io.manometer.device.fleet;

import io.manometer.cli.Cli;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.device.publish.ReadingPublisher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.californium.elements.config.Configuration;

/**
 * One fleet run from start to summary: load the devices, run the workload's phases on shared threads, report
 * progress once a second, and end every phase on time. A phase stops issuing requests at its deadline, waits at
 * most the drain time for the outcomes still out, then cancels the rest and counts them as unfinished; so a run
 * ends within its phases' deadlines plus the drain time even when the server has vanished. A {@link FleetStop}
 * ends the current phase at once the same way, with a shorter drain, and skips the phases still to come.
 */
final class FleetRun {

    /**
     * The READINGS ramp may take this long even when --duration is shorter: x509 handshakes on a busy machine can
     * take seconds, and a short measurement should not leave devices unconnected.
     */
    static final Duration MIN_RAMP = Duration.ofSeconds(30);
    /** How long cancelled requests may take to report their end. */
    private static final long CANCEL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long PROGRESS_PERIOD_MILLIS = 1000;
    /** After a stop, the longest wait for requests still out: whoever pressed Ctrl-C wants the summary now. */
    private static final Duration STOP_DRAIN = Duration.ofSeconds(2);

    private final FleetOptions options;
    private final Configuration deviceConfiguration;
    private final Consumer<String> progress;
    private final Duration drain;
    private final FleetStop stop;
    private final LongSupplier nanoTime = System::nanoTime;
    private final Clock clock = Clock.systemUTC();
    private final FleetTally tally = new FleetTally();
    private volatile String phase = "loading";
    private List<FleetDevice> devices;
    private FleetEndpoints endpoints;
    private Exchanges exchanges;
    private ExecutorService driver;

    FleetRun(FleetOptions options, Configuration deviceConfiguration, Consumer<String> progress, FleetStop stop) {
        this.options = options;
        this.deviceConfiguration = deviceConfiguration;
        this.progress = progress;
        this.drain = Duration.ofMillis(deviceConfiguration.get(DeviceConfig.FLEET_DRAIN_TIME, TimeUnit.MILLISECONDS));
        this.stop = stop;
    }

    /** How long a workload's handshake phase and its measured phase took, in seconds. */
    record Phases(double handshakeSeconds, double seconds) {
    }

    FleetResult run() throws IOException, CredentialsException, InterruptedException {
        long loadStart = nanoTime.getAsLong();
        List<DeviceCredentials> credentials = FleetCredentials.load(new CredentialsLayout(options.credentials()),
                options.mode(), options.firstDevice(), options.devices());
        devices = credentials.stream().map(c -> new FleetDevice(c, options.server(), clock)).toList();
        progress.accept(String.format(Locale.ROOT, "fleet: %d %s devices (dev-%d .. dev-%d) loaded in %.1f s; %s"
                + " workload against %s on %d shared threads, %s receiver threads", options.devices(),
                options.mode(), options.firstDevice(), options.firstDevice() + options.devices() - 1,
                seconds(loadStart, nanoTime.getAsLong()), options.workload().cliName(), options.server(),
                options.threads(), FleetEndpoints.receiverThreads()));
        driver = Executors.newFixedThreadPool(Math.max(2, options.threads()), daemon("manometer-fleet-driver-"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                daemon("manometer-fleet-progress-"));
        stop.requested().thenRun(() -> {
            phase = "stopping";
            progress.accept("fleet: interrupted: no new requests; waiting at most " + Cli.format(stopDrain())
                    + " for those still out, then the summary");
        });
        Phases phases;
        FleetEndpoints.Totals totals;
        try {
            endpoints = new FleetEndpoints(options.server(), options.mode(), deviceConfiguration, options.threads());
            try {
                exchanges = new Exchanges(tally, driver, nanoTime);
                ticker.scheduleAtFixedRate(new ProgressLine(), PROGRESS_PERIOD_MILLIS, PROGRESS_PERIOD_MILLIS,
                        TimeUnit.MILLISECONDS);
                phases = switch (options.workload()) {
                    case READINGS -> new ReadingsWorkload(this).run();
                    case HANDSHAKES -> new HandshakesWorkload(this).run();
                    case SESSIONS -> new SessionsWorkload(this).run();
                };
                phase = "closing";
            } finally {
                endpoints.close();
            }
            totals = endpoints.totals();
        } finally {
            ticker.shutdownNow();
            driver.shutdown();
            ticker.awaitTermination(1, TimeUnit.SECONDS);
            driver.awaitTermination(CANCEL_GRACE_NANOS, TimeUnit.NANOSECONDS);
        }
        tally.firstReasons().forEach((cause, reason) -> progress.accept("fleet: first " + cause.key()
                + " failure: " + reason));
        return result(phases, totals);
    }

    private FleetResult result(Phases phases, FleetEndpoints.Totals totals) {
        LatencyHistogram latencies = tally.latencies();
        double seconds = phases.seconds();
        Map<String, Long> failures = tally.failuresByKind();
        long handshakes = totals.handshakesSucceeded();
        return new FleetResult(options.workload(), options.mode(), options.devices(),
                handshakes, phases.handshakeSeconds(), rate(handshakes, phases.handshakeSeconds()),
                tally.requests(), tally.readings(), rate(tally.readings(), seconds), rate(tally.requests(), seconds),
                latencies.percentileMillis(0.50), latencies.percentileMillis(0.95), latencies.percentileMillis(0.99),
                tally.failures(), failures, totals.coapRetransmissions(), totals.flightRetransmissions(), seconds,
                FleetEndpoints.receiverThreads(), stop.isRequested());
    }

    private static double rate(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }

    static double seconds(long fromNanos, long toNanos) {
        return Math.max(0, toNanos - fromNanos) / 1e9;
    }

    FleetOptions options() {
        return options;
    }

    List<FleetDevice> devices() {
        return devices;
    }

    FleetTally tally() {
        return tally;
    }

    Exchanges exchanges() {
        return exchanges;
    }

    FleetEndpoints endpoints() {
        return endpoints;
    }

    ExecutorService driver() {
        return driver;
    }

    long now() {
        return nanoTime.getAsLong();
    }

    /** Whether a stop was requested: workloads start no new request and no further phase. */
    boolean stopping() {
        return stop.isRequested();
    }

    /** Where a phase planned to end at {@code deadlineNanos} really ended: earlier if a stop came first. */
    long cutOff(long deadlineNanos) {
        return stopping() ? Math.min(deadlineNanos, stop.requestedAtNanos()) : deadlineNanos;
    }

    /** Waits {@code nanos} between paced requests, or less if a stop comes. */
    void pace(long nanos) throws InterruptedException {
        waitUntil(stop.requested(), now() + nanos);
    }

    void phase(String name) {
        phase = name;
    }

    void report(String line) {
        progress.accept("fleet: " + line);
    }

    /** Opens an endpoint for {@code device}, counting a failure (and returning empty) if that is impossible. */
    Optional<ReadingPublisher> open(FleetDevice device) {
        try {
            return Optional.of(endpoints.open(device));
        } catch (IOException | RuntimeException e) {
            tally.failed(FailureCause.LOCAL, "cannot open an endpoint for " + device.id() + ": " + e.getMessage(),
                    now());
            return Optional.empty();
        }
    }

    /** A finished step for a lane whose request could not even be sent. */
    static Optional<CompletableFuture<?>> skipped() {
        return Optional.of(CompletableFuture.completedFuture(null));
    }

    /**
     * Ends a lane phase: waits until every lane finished or the drain time after {@code deadlineNanos} ran out,
     * then cancels what is still out.
     */
    void finish(Lanes lanes, long deadlineNanos) throws InterruptedException {
        if (!await(lanes.finished(), deadlineNanos + drain.toNanos())) {
            exchanges.abandon();
            waitUntil(lanes.finished(), now() + CANCEL_GRACE_NANOS);
        }
    }

    /** Ends an open-loop phase: waits for the outcomes still out, at most the drain time, then cancels the rest. */
    void finish(long deadlineNanos) throws InterruptedException {
        if (!await(exchanges.idle(), deadlineNanos + drain.toNanos())) {
            exchanges.abandon();
            waitUntil(exchanges.idle(), now() + CANCEL_GRACE_NANOS);
        }
    }

    /**
     * Waits until {@code done} completes or {@code endNanos}; if a stop comes first, at most {@link #STOP_DRAIN}
     * after it. True if {@code done} completed.
     */
    private boolean await(CompletableFuture<?> done, long endNanos) throws InterruptedException {
        if (waitUntil(CompletableFuture.anyOf(done, stop.requested()), endNanos) && !done.isDone()) {
            waitUntil(done, Math.min(endNanos, stop.requestedAtNanos() + stopDrain().toNanos()));
        }
        return done.isDone();
    }

    /** Waits until {@code future} completes or {@code endNanos}; true if it completed. */
    private boolean waitUntil(CompletableFuture<?> future, long endNanos) throws InterruptedException {
        try {
            future.get(Math.max(0, endNanos - now()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a phase's wait cannot fail", e);
        }
    }

    private Duration stopDrain() {
        return drain.compareTo(STOP_DRAIN) < 0 ? drain : STOP_DRAIN;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The once-a-second line: phase, handshakes done and in flight, readings acknowledged and their rate. */
    private final class ProgressLine implements Runnable {
        private final long start = now();
        private long lastNanos = start;
        private long lastReadings;

        @Override
        public void run() {
            long nowNanos = now();
            long readings = tally.readings();
            double rate = (readings - lastReadings) / Math.max(1e-9, seconds(lastNanos, nowNanos));
            lastNanos = nowNanos;
            lastReadings = readings;
            progress.accept(String.format(Locale.ROOT, "%6.1fs %-10s handshakes %d (%d in flight)  readings %d"
                    + " acked (%.0f/s)  requests in flight %d  endpoints %d  failures %d",
                    seconds(start, nowNanos), phase, endpoints.handshakes(), exchanges.handshakesOutstanding(),
                    readings, rate, exchanges.outstanding(), endpoints.open(), tally.failures()));
        }
    }
}
