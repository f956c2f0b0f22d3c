package io.manometer.bench;

import io.manometer.bench.RoundResult.GroupCommitStats;
import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.PressureReading;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.storage.ReadingStore;
import io.manometer.server.storage.SqliteReadingStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One round: a fresh server on 127.0.0.1 with a fresh store, every device connected and its DTLS session
 * established by one untimed POST, then the timed closed-loop load, then the check that the store holds exactly
 * the readings that were acknowledged.
 * <pre>
 *   start server(store) ─▶ D publishers: handshake + POST seq 0 ─▶ [timed: D × W in flight, seq 1, 2, …]
 *        ─▶ store.count() == acknowledged ─▶ close ─▶ (SQLite) reopen the file: rows == acknowledged
 * </pre>
 */
final class IngestRound {

    /** Longest wait for a device's handshake and first reading. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final BenchWorkspace workspace;
    private final int inFlight;
    private final LoadLimit limit;
    private final Clock clock;

    IngestRound(BenchWorkspace workspace, int inFlight, LoadLimit limit, Clock clock) {
        this.workspace = workspace;
        this.inFlight = inFlight;
        this.limit = limit;
        this.clock = clock;
    }

    RoundResult run(int round, boolean warmUp, StoreKind kind) throws IOException, CredentialsException,
            InterruptedException {
        Path folder = workspace.roundFolder(round, kind);
        ReadingStore store = kind.open(folder, clock);
        PressureServer server = new PressureServer(new PressureServer.Settings(new InetSocketAddress("127.0.0.1", 0),
                EnumSet.allOf(CredentialMode.class), Optional.empty(),
                ServerConfig.withoutRequestRate(ServerConfig.create(Optional.empty()))),
                ServerCredentials.load(workspace.layout()), DeviceRegistry.load(workspace.layout()), store, clock);
        List<ReadingPublisher> publishers = new ArrayList<>();
        ClosedLoopLoad.Outcome outcome;
        GroupCommitStats commits;
        List<String> violations = new ArrayList<>();
        try {
            server.start();
            List<ClosedLoopLoad.Sender> senders = connect(URI.create(server.uri()), publishers);
            GroupCommitStats before = commits(store);
            outcome = new ClosedLoopLoad(senders, inFlight, clock).run(limit);
            commits = commits(store).minus(before);
            long expected = senders.size() + outcome.acknowledged();
            if (store.count() != expected) {
                violations.add("store holds " + store.count() + " readings but " + expected + " were acknowledged");
            }
        } finally {
            publishers.forEach(ReadingPublisher::close);
            server.close();
        }
        Optional<Path> database = Optional.empty();
        if (kind == StoreKind.SQLITE) {
            database = Optional.of(folder.resolve(StoreKind.DATABASE));
            checkFile(database.get(), workspace.devices().size() + outcome.acknowledged(), violations);
        }
        return new RoundResult(round, warmUp, kind, outcome.readingsPerSecond(), outcome.latencies().percentiles(),
                outcome.acknowledged(), outcome.failed(), outcome.failureReasons(), List.copyOf(violations), commits,
                database);
    }

    /** Starts every device and has it POST seq 0, so the timed part runs over established DTLS sessions. */
    private List<ClosedLoopLoad.Sender> connect(URI server, List<ReadingPublisher> publishers) throws IOException,
            InterruptedException {
        List<ClosedLoopLoad.Sender> senders = new ArrayList<>();
        List<CompletableFuture<PublishResult>> first = new ArrayList<>();
        for (DeviceCredentials device : workspace.devices()) {
            ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(server, CredentialMode.PSK,
                    Optional.empty(), Optional.empty(), DeviceConfig.create(Optional.empty())), device);
            publishers.add(publisher);
            publisher.start();
            senders.add(new ClosedLoopLoad.Sender(device.id(), publisher, new AtomicLong(1)));
            first.add(publisher.publish(new PressureReading(device.id(), 0, 101.325,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS)), ContentFormat.JSON));
        }
        for (int i = 0; i < first.size(); i++) {
            PublishResult result = await(first.get(i));
            if (!(result instanceof PublishResult.Answered answered && answered.acknowledged())) {
                throw new CliException(Cli.FAILURE, "device " + senders.get(i).id() + " could not connect: "
                        + describe(result));
            }
        }
        return senders;
    }

    private static PublishResult await(CompletableFuture<PublishResult> future) throws InterruptedException {
        try {
            return future.get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CliException(Cli.FAILURE, "a device could not connect: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new CliException(Cli.FAILURE, "a device did not connect within " + CONNECT_TIMEOUT.toSeconds()
                    + " s");
        }
    }

    private static String describe(PublishResult result) {
        if (result instanceof PublishResult.Answered answered) {
            return answered.code() + " " + answered.diagnostic();
        }
        return ((PublishResult.Failed) result).reason();
    }

    private static GroupCommitStats commits(ReadingStore store) {
        if (store instanceof SqliteReadingStore sqlite) {
            return new GroupCommitStats(sqlite.committedWrites(), sqlite.transactions());
        }
        return GroupCommitStats.NONE;
    }

    /** Reads the closed database back from disk: what a restarted server would find. */
    private static void checkFile(Path database, long expected, List<String> violations) {
        try (SqliteReadingStore reopened = SqliteReadingStore.openReadOnly(database)) {
            if (reopened.count() != expected) {
                violations.add(database + " holds " + reopened.count() + " rows after close but " + expected
                        + " readings were acknowledged");
            }
        }
    }
}
