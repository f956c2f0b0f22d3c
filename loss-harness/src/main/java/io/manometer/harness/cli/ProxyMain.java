package io.manometer.harness.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.cli.PercentConverter;
import io.manometer.harness.link.ImpairedLink;
import io.manometer.harness.link.LinkConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code manometer harness proxy}: run an impaired link between devices and the server until Ctrl-C or SIGTERM. */
@Command(name = "proxy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Relay UDP between devices and the server, impaired per direction and seeded: the same seed"
                + " and the same traffic give the same decisions.",
            "Percentages are 0..100 and may end in %%. Durations: 250ms, 1s, 5m."})
public final class ProxyMain implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:15684",
            description = "Where devices send to (default: ${DEFAULT-VALUE}; port 0 = any free port).")
    String listen;

    @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5684",
            description = "The server (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--loss", paramLabel = "P", converter = PercentConverter.class,
            description = "Random loss in both directions.")
    double loss;

    @Option(names = "--loss-up", paramLabel = "P", converter = PercentConverter.class,
            description = "Random loss device->server (overrides --loss).")
    Double lossUp;

    @Option(names = "--loss-down", paramLabel = "P", converter = PercentConverter.class,
            description = "Random loss server->device (overrides --loss).")
    Double lossDown;

    @Option(names = "--burst", paramLabel = "P_GB,P_BG[,LOSS_BAD]",
            description = "Gilbert-Elliott burst loss: chance to enter the bad state, to leave it, and the loss in"
                    + " it (default 100). Mean burst = 100/P_BG datagrams; e.g. 1,25 loses ~3.8%% in bursts of 4.")
    String burst;

    @Option(names = "--dup", paramLabel = "P", converter = PercentConverter.class, description = "Duplication.")
    double duplicate;

    @Option(names = "--reorder", paramLabel = "P", converter = PercentConverter.class,
            description = "Hold a datagram back until the next one of the same device and direction has passed.")
    double reorder;

    @Option(names = "--reorder-hold", paramLabel = "DURATION", defaultValue = "50ms",
            description = "Longest a held datagram waits for a successor (default: ${DEFAULT-VALUE}).")
    Duration reorderHold;

    @Option(names = "--delay", paramLabel = "DURATION", defaultValue = "0ms", description = "One-way delay.")
    Duration delay;

    @Option(names = "--jitter", paramLabel = "DURATION", defaultValue = "0ms",
            description = "Uniform jitter around --delay (never below zero).")
    Duration jitter;

    @Option(names = "--mtu", paramLabel = "BYTES", description = "Drop datagrams with a larger UDP payload.")
    int mtu;

    @Option(names = "--replay", paramLabel = "P", converter = PercentConverter.class,
            description = "Re-inject a copy of forwarded datagrams after --replay-delay, as an attacker would.")
    double replay;

    @Option(names = "--replay-delay", paramLabel = "DURATION", defaultValue = "1s",
            description = "How late replayed copies come (default: ${DEFAULT-VALUE}).")
    Duration replayDelay;

    @Option(names = "--drop-up", paramLabel = "N", split = ",", splitSynopsisLabel = ",",
            description = "Drop these 1-based upstream datagrams of every device, e.g. 1 loses each ClientHello.")
    List<Long> dropUp = List.of();

    @Option(names = "--drop-down", paramLabel = "N", split = ",", splitSynopsisLabel = ",",
            description = "Drop these 1-based downstream datagrams of every device.")
    List<Long> dropDown = List.of();

    @Option(names = "--rebind-every", paramLabel = "K",
            description = "NAT rebinding: give a device a new source port after every K upstream datagrams.")
    int rebindEvery;

    @Option(names = "--rebind-idle", paramLabel = "DURATION", defaultValue = "0ms",
            description = "NAT rebinding: forget a device's mapping after this long without traffic.")
    Duration rebindIdle;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pcap", paramLabel = "FILE",
            description = "Write forwarded and dropped datagrams as pcapng (interfaces 'forwarded', 'dropped').")
    Path pcap;

    @Option(names = "--stats-interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "Print the counters to stderr this often; 0 = only at exit (default: ${DEFAULT-VALUE}).")
    Duration statsInterval;

    @Override
    public Integer call() throws InterruptedException {
        LinkConfig config = ProxyOptions.config(this);
        ImpairedLink link = new ImpairedLink(config);
        try {
            link.start();
        } catch (IOException e) {
            link.close();
            throw new CliException(Cli.FAILURE, "cannot start the link on " + HostPort.format(config.listen()) + ": "
                    + e.getMessage(), e);
        }
        ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "manometer-harness-stats");
            thread.setDaemon(true);
            return thread;
        });
        if (!statsInterval.isZero()) {
            long millis = statsInterval.toMillis();
            stats.scheduleAtFixedRate(() -> System.err.println("harness: " + link.counters().summary()), millis,
                    millis, TimeUnit.MILLISECONDS);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stats.shutdownNow();
            link.close();
            System.out.println("manometer harness stopped: " + link.counters().summary());
            System.out.flush();
            stopped.countDown();
        }, "manometer-shutdown"));
        System.out.println(startupLine(config, link.address()));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** {@code manometer harness listening on A -> B up[...] down[...] seed=42}, plus rebinding and capture if on. */
    static String startupLine(LinkConfig config, InetSocketAddress address) {
        StringBuilder line = new StringBuilder("manometer harness listening on ").append(HostPort.format(address))
                .append(" -> ").append(HostPort.format(config.target()))
                .append(" up[").append(config.up().describe()).append("] down[").append(config.down().describe())
                .append("] seed=").append(config.seed());
        if (config.rebind().enabled()) {
            line.append(" rebind[").append(config.rebind().describe()).append(']');
        }
        config.pcap().ifPresent(file -> line.append(" pcap=").append(file));
        return line.toString();
    }
}
