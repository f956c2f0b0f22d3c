package io.manometer.harness.fuzz;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.harness.scenario.Timers;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.server.endpoint.ServerCounters;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.elements.config.Configuration;

/**
 * One fuzz run, start to end:
 * <pre>
 *  server (in-process :0, or --server) ◀── record real flights (psk, x509) through a clean link
 *                                      ◀── legitimate device: a reading every 50 ms, all along
 *  baseline: connections, heap after GC
 *  raw phase   ── plain UDP: random, mutated handshake records, ClientHello flood (512 ports), bogus CID,
 *                 application data without a session
 *  CoAP phase  ── abusing device, inside its DTLS session: every ProtocolAbuse and PayloadAbuse case
 *  after: connections back to baseline (bounded wait), heap after GC, device's readings acknowledged, stored once
 * </pre>
 */
public final class FuzzRun {

    private static final Duration READING_BOUND = Duration.ofSeconds(30);
    private static final long SEQ_BASE = 1_000_000;

    private final FuzzOptions options;
    private final PrintStream progress;

    /** {@code progress} gets a line per category and now and then during one; stderr for the CLI. */
    public FuzzRun(FuzzOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    public FuzzResult run() throws IOException, InterruptedException, CredentialsException {
        long start = System.nanoTime();
        Random random = new Random(options.seed());
        Configuration deviceConfig = Timers.SHORT.applyToDevice(DeviceConfig.create(Optional.empty()));
        try (CrashWatch watch = CrashWatch.install(); FuzzTarget target = FuzzTarget.open(options)) {
            Optional<ServerProbe> probe = target.probe();
            List<byte[]> flights = new ArrayList<>();
            for (CredentialMode mode : List.of(CredentialMode.PSK, CredentialMode.X509)) {
                flights.addAll(FlightRecorder.record(target.address(), target.device(options.recordingDevice(),
                        mode), mode, deviceConfig));
            }
            progress.println("fuzz: recorded " + flights.size() + " datagrams of real handshakes from "
                    + target.uri());
            long firstSeq = SEQ_BASE * (1 + (System.currentTimeMillis() / 1000) % 1_000_000);
            try (LegitimateDevice device = new LegitimateDevice(target.uri(), target.device(
                    options.legitimateDevice(), CredentialMode.PSK), deviceConfig, firstSeq, READING_BOUND);
                    AbusePeer peer = AbusePeer.start(target.address(), target.device(options.abusingDevice(),
                            CredentialMode.PSK), deviceConfig, random.nextInt(65536))) {
                device.start();
                Reaction control = peer.exchange(controlGet(), READING_BOUND);
                if (control.kind() != Reaction.Kind.RESPONSE || !control.code().startsWith("2.")) {
                    throw new IOException("the abusing device could not talk to the server: " + control.describe());
                }
                FuzzResult.State baseline = state(probe, Optional.empty(), Duration.ZERO);
                List<FuzzResult.Row> rows = new ArrayList<>();
                RawDatagrams datagrams = new RawDatagrams(RawDatagrams.CapturedFlights.of(flights), random);
                RawFuzzer fuzzer = new RawFuzzer(target.address(), datagrams, probe.map(FuzzRun::pacer));
                long rawStart = System.nanoTime();
                for (RawCategory category : RawCategory.values()) {
                    rows.add(raw(category, fuzzer, probe, watch, rawStart));
                }
                List<FuzzResult.CaseResult> cases = new ArrayList<>();
                rows.addAll(coap(peer, probe, watch, cases));
                LegitimateDevice.Tally tally = device.finish();
                FuzzResult.State after = state(probe, baseline.connections(), options.settle());
                FuzzResult.Device legit = device(tally, target, options.legitimateDevice());
                return new FuzzResult(rows, cases, baseline, after, legit, probe.isPresent(), options.seed(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private FuzzResult.Row raw(RawCategory category, RawFuzzer fuzzer, Optional<ServerProbe> probe, CrashWatch watch,
            long rawStart) throws IOException, InterruptedException {
        long budget = category.budget(options.datagrams());
        long deadline = rawStart + options.duration().toNanos() * (category.ordinal() + 1)
                / RawCategory.values().length;
        Optional<ServerCounters.Snapshot> before = probe.map(ServerProbe::counters);
        Optional<Integer> connectionsBefore = probe.flatMap(ServerProbe::connections);
        long crashesBefore = watch.crashes();
        long[] last = {System.nanoTime()};
        RawFuzzer.Outcome outcome = fuzzer.run(category, budget, deadline, sent -> {
            if (System.nanoTime() - last[0] > 1_000_000_000L) {
                last[0] = System.nanoTime();
                progress.println("fuzz: " + category.key() + " " + sent + "/" + budget);
            }
        });
        StringBuilder note = new StringBuilder();
        outcome.serverReceived().ifPresent(n -> note.append("server received ").append(n));
        if (category == RawCategory.CLIENT_HELLO_FLOOD) {
            note.append(note.isEmpty() ? "" : "; ").append("HelloVerifyRequests ")
                    .append(outcome.helloVerifyRequests()).append(" from ").append(RawFuzzer.FLOOD_SOCKETS)
                    .append(" ports");
        }
        if (before.isPresent()) {
            ServerCounters.Snapshot delta = probe.get().counters().minus(before.get());
            note.append("; handshakes started ").append(delta.handshakesStarted()).append(", bad MAC ")
                    .append(delta.macErrors());
        }
        Optional<Integer> connectionsAfter = probe.flatMap(ServerProbe::connections);
        if (connectionsBefore.isPresent() && connectionsAfter.isPresent()) {
            note.append("; connections ").append(connectionsBefore.get()).append(" -> ")
                    .append(connectionsAfter.get());
        }
        progress.println("fuzz: " + category.key() + " done: " + outcome.sent() + " sent, " + outcome.answers()
                + " answered; " + note);
        return new FuzzResult.Row(category.title(), outcome.sent(), Math.max(0, outcome.sent() - outcome.answers()),
                outcome.helloVerifyRequests() + outcome.otherAnswers(), outcome.alerts(), 0, 0, 0, 0,
                watch.crashes() - crashesBefore, note.toString());
    }

    private List<FuzzResult.Row> coap(AbusePeer peer, Optional<ServerProbe> probe, CrashWatch watch,
            List<FuzzResult.CaseResult> cases) throws InterruptedException {
        List<AbuseCase> all = new ArrayList<>(ProtocolAbuse.cases());
        all.addAll(PayloadAbuse.cases(options.legitimateDevice()));
        Map<String, long[]> groups = new LinkedHashMap<>();
        Map<String, Long> crashes = new HashMap<>();
        long alertsBefore = peer.alerts();
        for (AbuseCase abuse : all) {
            long crashesBefore = watch.crashes();
            Reaction reaction = peer.exchange(abuse, options.coapTimeout());
            boolean bug = reaction.kind() == Reaction.Kind.RESPONSE && abuse.isBug(reaction.code());
            cases.add(new FuzzResult.CaseResult(abuse.group(), abuse.name(), reaction.describe(), bug));
            // sent, dropped, 2.xx, RST, 4.xx, 5.xx, bugs
            long[] g = groups.computeIfAbsent(abuse.group(), k -> new long[7]);
            g[0]++;
            switch (reaction.kind()) {
                case DROPPED, NOT_SENT -> g[1]++;
                case RST -> g[3]++;
                case RESPONSE -> g[reaction.code().startsWith("2.") ? 2 : reaction.code().startsWith("4.") ? 4
                        : reaction.code().startsWith("5.") ? 5 : 2]++;
                default -> throw new IllegalStateException("unknown reaction " + reaction);
            }
            g[6] += bug ? 1 : 0;
            crashes.merge(abuse.group(), watch.crashes() - crashesBefore, Long::sum);
        }
        progress.println("fuzz: " + all.size() + " CoAP abuse cases sent; " + peer.alerts() + " alerts");
        List<FuzzResult.Row> rows = new ArrayList<>();
        groups.forEach((group, g) -> rows.add(new FuzzResult.Row("coap: " + group, g[0], g[1], g[2], 0, g[3], g[4],
                g[5], g[6], crashes.get(group), "")));
        if (peer.alerts() > alertsBefore && !rows.isEmpty()) {
            FuzzResult.Row first = rows.get(0);
            rows.set(0, new FuzzResult.Row(first.category(), first.sent(), first.dropped(), first.answers(),
                    peer.alerts() - alertsBefore, first.rst(), first.clientErrors(), first.serverErrors(),
                    first.bugs(), first.crashes(), "alerts counted over the whole CoAP phase"));
        }
        return rows;
    }

    /**
     * Connections and heap; after the run, waits up to {@code settle} for the connection count to come back to
     * {@code baseline}: a handshake the fuzzer left half-done holds a connection until its flights time out.
     */
    private static FuzzResult.State state(Optional<ServerProbe> probe, Optional<Integer> baseline, Duration settle)
            throws InterruptedException {
        if (probe.isEmpty()) {
            return new FuzzResult.State(Optional.empty(), Optional.empty());
        }
        ServerProbe p = probe.get();
        Optional<Integer> connections = p.connections();
        if (baseline.isPresent() && connections.isPresent() && connections.get() > baseline.get()) {
            connections = awaitConnections(p, baseline.get(), settle);
        }
        return new FuzzResult.State(connections, Optional.of(ServerProbe.heapAfterGc()));
    }

    private static Optional<Integer> awaitConnections(ServerProbe probe, int baseline, Duration settle)
            throws InterruptedException {
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "manometer-fuzz-settle");
            thread.setDaemon(true);
            return thread;
        });
        CompletableFuture<Integer> back = new CompletableFuture<>();
        try {
            // the connection store has no event for "a connection went away", so look every 100 ms, bounded
            checker.scheduleWithFixedDelay(() -> probe.connections().filter(n -> n <= baseline)
                    .ifPresent(back::complete), 0, 100, TimeUnit.MILLISECONDS);
            return Optional.of(back.get(settle.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return probe.connections();
        } finally {
            checker.shutdownNow();
        }
    }

    private static RawFuzzer.Pacer pacer(ServerProbe probe) {
        return new RawFuzzer.Pacer() {
            @Override
            public long received() {
                return probe.counters().datagramsReceived();
            }

            @Override
            public void awaitReceived(long count, Duration bound) throws InterruptedException {
                CompletableFuture<ServerCounters.Snapshot> reached = probe.countersWhen(
                        c -> c.datagramsReceived() >= count);
                try {
                    reached.get(bound.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // the kernel dropped some on the way: go on, the window only keeps the sender from racing ahead
                    reached.cancel(false);
                }
            }
        };
    }

    private static FuzzResult.Device device(LegitimateDevice.Tally tally, FuzzTarget target, String id) {
        List<Double> sorted = tally.latenciesMillis().stream().sorted().toList();
        Optional<Long> storedOnce = target.store().map(store -> {
            Map<Long, Integer> seen = new HashMap<>();
            store.scan(Optional.of(DeviceId.of(id)), (PressureReading r) -> seen.merge(r.seq(), 1, Integer::sum));
            return tally.acknowledged().stream().filter(seq -> seen.getOrDefault(seq, 0) == 1).count();
        });
        return new FuzzResult.Device(tally.sent(), tally.acknowledged().size(), storedOnce, percentile(sorted, 0.5),
                percentile(sorted, 0.95), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                tally.failures().stream().findFirst());
    }

    /** Nearest rank. */
    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private AbuseCase controlGet() {
        return AbuseCase.control("control", "get-own-history", CoapBytes.request(1).pressure()
                .option(15, "device=" + options.abusingDevice()).option(15, "limit=1"));
    }
}
