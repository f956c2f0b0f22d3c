package io.manometer.harness.scenario;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.harness.link.ImpairedLink;
import io.manometer.harness.link.LinkConfig;
import io.manometer.harness.link.LinkCounters;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.endpoint.ServerCounters;
import io.manometer.server.storage.InMemoryReadingStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Scenario} end to end on loopback: a fresh server with an in-memory store, the impaired link in
 * front of it, and the devices, all real DTLS and CoAP; then audits the store against what the devices were told.
 * Nothing outlives {@link #run}: devices, link and server are closed however it ends.
 * <pre>
 *  dev-1..dev-D ──▶ ImpairedLink 127.0.0.1:L ──(up: loss, dup, reorder, replay, rebind)──▶ PressureServer :S
 *               ◀──                          ◀──(down: loss, dup, reorder, replay)─────── InMemoryReadingStore
 * </pre>
 */
public final class ScenarioRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);
    /** How long the server may take to process what the link forwarded last, once the link is idle. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final TemporaryCredentials credentials;

    public ScenarioRunner(TemporaryCredentials credentials) {
        this.credentials = credentials;
    }

    /** Runs the scenario; the time it may take is bounded by {@link #bound(Scenario)}. */
    public ScenarioResult run(Scenario scenario) throws IOException, InterruptedException {
        return run(scenario, Optional.empty());
    }

    /** Runs the scenario, the link capturing every datagram, forwarded and dropped, to {@code pcap} if given. */
    public ScenarioResult run(Scenario scenario, Optional<Path> pcap) throws IOException, InterruptedException {
        if (scenario.devices() > credentials.devices().size()) {
            throw new IllegalArgumentException("the scenario needs " + scenario.devices() + " devices, "
                    + credentials.devices().size() + " were provisioned");
        }
        long start = System.nanoTime();
        InMemoryReadingStore store = new InMemoryReadingStore();
        try (PressureServer server = new PressureServer(new PressureServer.Settings(loopback(0),
                EnumSet.allOf(CredentialMode.class), Optional.empty(), serverConfig(scenario)),
                credentials.server(), credentials.registry(), store, Clock.systemUTC())) {
            server.start();
            try (ImpairedLink link = new ImpairedLink(linkConfig(scenario, server.address(), pcap))) {
                link.start();
                URI target = URI.create("coaps://127.0.0.1:" + link.address().getPort());
                List<DeviceRun.Tally> tallies;
                LinkCounters linkCounters;
                ServerCounters.Snapshot serverCounters;
                try (Fleet fleet = Fleet.start(scenario, credentials, target, deviceConfig(scenario))) {
                    tallies = fleet.run(scenario, credentials, link, bound(scenario));
                    settle(scenario, link, server);
                    linkCounters = link.counters();
                    serverCounters = server.counters();
                }
                ScenarioResult.Readings readings = StoreAudit.audit(tallies, store, scenario.readings());
                return new ScenarioResult(scenario, readings, handshakes(tallies), coapRetransmissions(tallies),
                        latency(tallies), serverCounters, linkCounters, Duration.ofNanos(System.nanoTime() - start));
            }
        }
    }

    /**
     * The longest the devices may take: every reading at its worst (a failing handshake, then CoAP's
     * MAX_TRANSMIT_WAIT), plus a minute. Real runs take a small fraction of it.
     */
    public static Duration bound(Scenario scenario) {
        return scenario.timers().responseTimeout().plusSeconds(1).multipliedBy(scenario.readings())
                .plusMinutes(1);
    }

    static Configuration serverConfig(Scenario scenario) throws IOException {
        Configuration config = scenario.timers().applyToServer(
                ServerConfig.withoutRequestRate(ServerConfig.create(Optional.empty())));
        if (!scenario.cid()) {
            // -1: neither offer nor accept a connection id; null would fall back to the definition's default, 6
            config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, -1);
        }
        config.set(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER, scenario.antiReplay());
        return config;
    }

    static Configuration deviceConfig(Scenario scenario) throws IOException {
        return scenario.timers().applyToDevice(DeviceConfig.create(Optional.empty()));
    }

    private static LinkConfig linkConfig(Scenario scenario, InetSocketAddress server, Optional<Path> pcap) {
        LinkConfig.Builder builder = LinkConfig.builder(loopback(0), server).up(scenario.up()).down(scenario.down())
                .seed(scenario.seed()).rebind(scenario.rebind());
        pcap.ifPresent(builder::pcap);
        return builder.build();
    }

    /**
     * Lets what is still in the link arrive before the counters are read: datagrams recorded for replay come up to
     * a replay delay after the last reading, and the server should have seen every datagram the link forwarded.
     */
    private static void settle(Scenario scenario, ImpairedLink link, PressureServer server)
            throws InterruptedException {
        Duration replayDelay = scenario.up().replayDelay().compareTo(scenario.down().replayDelay()) > 0
                ? scenario.up().replayDelay() : scenario.down().replayDelay();
        await(link.whenCounters(c -> c.queued() == 0), replayDelay.plus(SETTLE), "link idle");
        long forwarded = link.counters().up().forwarded();
        await(server.countersWhen(c -> c.datagramsReceived() >= forwarded), SETTLE, "server saw " + forwarded);
    }

    private static void await(CompletableFuture<?> future, Duration bound, String what)
            throws InterruptedException {
        try {
            future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            future.cancel(false);
            LOG.debug("not settled ({}) within {} ms: {}", what, bound.toMillis(), e.toString());
        }
    }

    private static ScenarioResult.Handshakes handshakes(List<DeviceRun.Tally> tallies) {
        List<Double> millis = tallies.stream().flatMap(t -> t.counters().recentHandshakes().stream())
                .filter(PublisherCounters.Handshake::succeeded).map(PublisherCounters.Handshake::millis).toList();
        return new ScenarioResult.Handshakes(
                tallies.stream().mapToLong(t -> t.counters().handshakesStarted()).sum(),
                tallies.stream().mapToLong(t -> t.counters().handshakesSucceeded()).sum(),
                tallies.stream().mapToLong(t -> t.counters().dtlsFlightRetransmissions()).sum(),
                Percentiles.of(millis, 0.5));
    }

    private static long coapRetransmissions(List<DeviceRun.Tally> tallies) {
        return tallies.stream().mapToLong(t -> t.counters().coapRetransmissions()).sum();
    }

    private static ScenarioResult.Latency latency(List<DeviceRun.Tally> tallies) {
        List<Double> all = tallies.stream().flatMap(t -> t.latenciesMillis().stream()).toList();
        return new ScenarioResult.Latency(Percentiles.of(all, 0.5), Percentiles.of(all, 0.95));
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
