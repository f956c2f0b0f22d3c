package io.manometer.server.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.cli.KeyLogChoice;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.DtlsStateFile;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.storage.ReadingStore;
import io.manometer.server.storage.SqliteReadingStore;
import io.manometer.server.storage.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code manometer server}: run the coaps server until Ctrl-C or SIGTERM. {@code --no-anti-replay} switches off the
 * DTLS anti-replay window (RFC 6347 §4.1.2.6) for replay experiments, leaving only CoAP deduplication
 * (RFC 7252 §4.5) between a replayed POST and a second stored reading; the server warns at start when it is off.
 */
@Command(name = "manometer server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the Manometer CoAP server on DTLS 1.2, accepting readings on /pressure.",
        footer = {"", "Environment: SSLKEYLOGFILE=FILE appends the TLS key log there when --keylog is not given"
                + " (empty = off)."})
public final class ServerMain implements Callable<Integer> {

    @Option(names = "--credentials", required = true, paramLabel = "DIR",
            description = "Credentials folder made by 'manometer credentials init'.")
    Path credentials;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to bind (default: 127.0.0.1).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", description = "UDP port (default: 5684; 0 = any free port).")
    Integer port;

    @Option(names = "--db", paramLabel = "FILE", defaultValue = "data/readings.db",
            description = "SQLite reading database, created if missing (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--dtls-state", paramLabel = "FILE", defaultValue = "data/dtls-state.bin",
            description = "Where DTLS sessions are saved on shutdown and restored on start, encrypted with "
                    + "DIR/dtls-state.key (default: ${DEFAULT-VALUE}).")
    Path dtlsState;

    @Option(names = "--dtls-state-max-age", paramLabel = "DURATION",
            description = "Ignore saved DTLS state older than this, e.g. 30m, 2h; 0 disables saving "
                    + "(default: 1h, or MANOMETER_SERVER.DTLS_STATE_MAX_AGE).")
    Duration dtlsStateMaxAge;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Append TLS session secrets (NSS key log format) for Wireshark. Off by default; "
                    + "anyone with the file can decrypt the traffic. Without this option, the SSLKEYLOGFILE"
                    + " environment variable is used when set and not empty.")
    Path keyLog;

    @Option(names = "--modes", paramLabel = "MODES", split = ",",
            description = "Credential modes to accept: psk, ecdhe-psk, rpk, x509 (default: all).")
    Set<String> modes;

    @Option(names = "--no-anti-replay",
            description = "FOR EXPERIMENTS ONLY, never in production: switch off DTLS anti-replay protection"
                    + " (RFC 6347 4.1.2.6), so replayed records reach CoAP and only its deduplicator (RFC 7252 4.5)"
                    + " keeps a replayed reading from being stored twice. Same as DTLS.USE_ANTI_REPLAY_FILTER=false.")
    boolean noAntiReplay;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Californium/Manometer properties overriding the defaults (flags still win).")
    Path config;

    /** The key that encrypts saved DTLS state, created on the first save, kept with the server's secrets. */
    static final String STATE_KEY = "dtls-state.key";

    public static void main(String[] args) {
        int code = Cli.run("server", new ServerMain(), args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        Configuration configuration = configuration();
        CredentialsLayout layout = new CredentialsLayout(credentials);
        PressureServer.Settings settings = new PressureServer.Settings(address(configuration),
                modes(configuration), KeyLogChoice.file(Optional.ofNullable(keyLog), System.getenv()), configuration,
                dtlsState(configuration, layout));
        ServerCredentials serverCredentials;
        DeviceRegistry registry;
        try {
            serverCredentials = ServerCredentials.load(layout);
            registry = DeviceRegistry.load(layout);
        } catch (CredentialsException e) {
            throw new CliException(Cli.FAILURE, e.getMessage(), e);
        }
        ReadingStore store;
        try {
            store = SqliteReadingStore.open(db, Clock.systemUTC());
        } catch (StoreException e) {
            throw new CliException(Cli.FAILURE, e.getMessage(), e);
        }
        PressureServer server = new PressureServer(settings, serverCredentials, registry, store, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new CliException(Cli.FAILURE, "cannot start on " + settings.bind() + ": " + rootMessage(e), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "manometer-shutdown"));
        System.out.printf("manometer server listening on %s modes=%s suites=%s devices=%d readings=%d"
                + " restored-sessions=%d db=%s%n", server.uri(), server.modesText(), server.suitesText(),
                server.devices().size(), store.count(), server.restoredConnections(), db);
        System.out.flush();
        stopped.await();
        return 0;
    }

    Configuration configuration() {
        Configuration configuration;
        try {
            configuration = ServerConfig.create(Optional.ofNullable(config));
        } catch (IOException e) {
            throw new CliException(Cli.FAILURE, "cannot read --config: " + e.getMessage(), e);
        }
        if (noAntiReplay) {
            configuration.set(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER, false);
        }
        return configuration;
    }

    private Optional<DtlsStateFile> dtlsState(Configuration configuration, CredentialsLayout layout) {
        Duration maxAge = dtlsStateMaxAge != null ? dtlsStateMaxAge
                : Duration.ofNanos(configuration.get(ServerConfig.DTLS_STATE_MAX_AGE, TimeUnit.NANOSECONDS));
        if (maxAge.isZero()) {
            return Optional.empty();
        }
        return Optional.of(new DtlsStateFile(dtlsState, layout.root().resolve(STATE_KEY), maxAge, Clock.systemUTC()));
    }

    private InetSocketAddress address(Configuration configuration) {
        String host = bind != null ? bind : configuration.get(ServerConfig.BIND);
        int udpPort = port != null ? port : configuration.get(ServerConfig.PORT);
        if (udpPort < 0 || udpPort > 65535) {
            throw new CliException(Cli.USAGE, "--port must be 0..65535, got " + udpPort);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), udpPort);
        } catch (UnknownHostException e) {
            throw new CliException(Cli.USAGE, "--bind: unknown address '" + host + "'");
        }
    }

    private Set<CredentialMode> modes(Configuration configuration) {
        Set<String> names = modes != null ? modes : Set.of(configuration.get(ServerConfig.MODES).split(","));
        Set<CredentialMode> result = EnumSet.noneOf(CredentialMode.class);
        for (String name : names) {
            result.add(CredentialMode.fromCliName(name.trim()).orElseThrow(() -> new CliException(Cli.USAGE,
                    "unknown mode '" + name + "' (use " + CredentialMode.cliNames() + ")")));
        }
        if (result.isEmpty()) {
            throw new CliException(Cli.USAGE, "--modes needs at least one mode");
        }
        return result;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
