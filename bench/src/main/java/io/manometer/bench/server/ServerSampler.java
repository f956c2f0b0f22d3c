package io.manometer.bench.server;

import io.manometer.server.endpoint.ServerCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Reads the server's counters and CPU time at a fixed interval while a workload runs, so rates are measured where
 * the server was busy, by the server: the fleet's own set-up (loading credentials, first handshakes) and tear-down
 * fall outside that window. {@link #busyWindow} picks the stretch of samples in which the counted event ran at
 * least half its peak rate.
 */
public final class ServerSampler implements AutoCloseable {

    /** One reading: when, the server's cumulative handshakes and requests, and its threads' CPU time. */
    public record Sample(long nanos, long handshakes, long requests, long cpuNanos) {
    }

    /** Events per second and server CPU per event over the busy stretch. */
    public record Window(long events, double seconds, double perSecond, double cpuMicrosPerEvent) {
    }

    private final ServerUnderTest server;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private ServerSampler(ServerUnderTest server) {
        this.server = server;
    }

    /** Starts sampling now and every {@code interval} until closed. */
    public static ServerSampler start(ServerUnderTest server, Duration interval) {
        ServerSampler sampler = new ServerSampler(server);
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return sampler;
    }

    private void sample() {
        ServerCounters.Snapshot counters = server.counters();
        Sample sample = new Sample(System.nanoTime(), counters.handshakesSucceeded(), counters.requestsReceived(),
                server.cpuNanos());
        synchronized (samples) {
            samples.add(sample);
        }
    }

    /** Stops sampling (taking one last sample) and returns every sample in order. */
    public List<Sample> stop() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the sampler did not stop within 10 s");
        }
        sample();
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * The stretch from the first to the last sampling interval in which {@code events} grew at least half as fast
     * as in its fastest interval; empty when nothing was counted.
     */
    public static Optional<Window> busyWindow(List<Sample> samples, ToLongFunction<Sample> events) {
        if (samples.size() < 2) {
            return Optional.empty();
        }
        double peak = 0;
        for (int i = 1; i < samples.size(); i++) {
            peak = Math.max(peak, rate(samples.get(i - 1), samples.get(i), events));
        }
        if (peak <= 0) {
            return Optional.empty();
        }
        int first = -1;
        int last = -1;
        for (int i = 1; i < samples.size(); i++) {
            if (rate(samples.get(i - 1), samples.get(i), events) >= peak / 2) {
                first = first < 0 ? i - 1 : first;
                last = i;
            }
        }
        Sample from = samples.get(first);
        Sample to = samples.get(last);
        long counted = events.applyAsLong(to) - events.applyAsLong(from);
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        double cpuMicros = counted == 0 ? Double.NaN : (to.cpuNanos() - from.cpuNanos()) / 1e3 / counted;
        return Optional.of(new Window(counted, seconds, counted / seconds, cpuMicros));
    }

    private static double rate(Sample from, Sample to, ToLongFunction<Sample> events) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        return seconds <= 0 ? 0 : (events.applyAsLong(to) - events.applyAsLong(from)) / seconds;
    }
}
