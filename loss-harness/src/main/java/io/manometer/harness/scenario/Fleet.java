package io.manometer.harness.scenario;

import io.manometer.credentials.CredentialsException;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.harness.link.ImpairedLink;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.elements.config.Configuration;

/**
 * The devices of one scenario, each a real {@link ReadingPublisher} with its own DTLS session, running concurrently
 * on threads this fleet owns. They start one after another, each once the previous one's first datagram reached the
 * link, so device i is always the link's flow i and draws from the same random streams in every run with the seed.
 */
final class Fleet implements AutoCloseable {

    private static final Duration FIRST_CONTACT = Duration.ofSeconds(10);
    private static final Duration STOP = Duration.ofSeconds(10);

    private final List<ReadingPublisher> publishers;
    private final ExecutorService executor;

    private Fleet(List<ReadingPublisher> publishers, ExecutorService executor) {
        this.publishers = publishers;
        this.executor = executor;
    }

    /** Starts the scenario's devices (binding their sockets), all sending to {@code target}. */
    static Fleet start(Scenario scenario, TemporaryCredentials credentials, URI target, Configuration config)
            throws IOException {
        List<ReadingPublisher> publishers = new ArrayList<>();
        AtomicInteger names = new AtomicInteger();
        Fleet fleet = new Fleet(publishers, Executors.newFixedThreadPool(scenario.devices(), runnable -> {
            Thread thread = new Thread(runnable, "manometer-scenario-device-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
        try {
            for (int i = 0; i < scenario.devices(); i++) {
                ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(target,
                        scenario.mode(), Optional.empty(), Optional.empty(), config),
                        credentials.device(i, scenario.mode()));
                publishers.add(publisher);
                publisher.start();
            }
            return fleet;
        } catch (CredentialsException | IOException | RuntimeException e) {
            fleet.close();
            throw e instanceof IOException io ? io : new IOException("cannot start the devices: " + e.getMessage(), e);
        }
    }

    /**
     * Runs every device's readings and returns their tallies in device order. Waits at most {@code bound} for the
     * slowest device, which the caller derives from the timers and the number of readings.
     */
    List<DeviceRun.Tally> run(Scenario scenario, TemporaryCredentials credentials, ImpairedLink link,
            Duration bound) throws InterruptedException {
        Duration perReading = scenario.timers().responseTimeout().plusSeconds(1);
        List<Future<DeviceRun.Tally>> runs = new ArrayList<>();
        for (int i = 0; i < publishers.size(); i++) {
            runs.add(executor.submit(new DeviceRun(publishers.get(i), credentials.devices().get(i),
                    scenario.readings(), scenario.format(), perReading)));
            awaitFlows(link, i + 1);
        }
        long deadline = System.nanoTime() + bound.toNanos();
        List<DeviceRun.Tally> tallies = new ArrayList<>();
        for (Future<DeviceRun.Tally> run : runs) {
            try {
                tallies.add(run.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw new IllegalStateException("a device failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("the devices did not finish within " + bound.toSeconds() + " s");
            }
        }
        return tallies;
    }

    /** Stops the device threads and closes every publisher (its DTLS endpoint and threads). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publishers.forEach(ReadingPublisher::close);
    }

    private static void awaitFlows(ImpairedLink link, int flows) throws InterruptedException {
        try {
            link.whenCounters(c -> c.flows() >= flows).get(FIRST_CONTACT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("device " + flows + " sent nothing to the link within "
                    + FIRST_CONTACT.toSeconds() + " s", e);
        }
    }
}
