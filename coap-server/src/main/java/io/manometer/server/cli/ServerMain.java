package io.manometer.server.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.cli.KeyLogChoice;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.KeyFilePermissions;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.DtlsStateFile;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.revocation.RevocationWatch;
import io.manometer.server.storage.ReadingStore;
import io.manometer.server.storage.SqliteReadingStore;
import io.manometer.server.storage.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code manometer server}: run the coaps server until Ctrl-C or SIGTERM. {@code --no-anti-replay} switches off the
 * DTLS anti-replay window (RFC 6347 §4.1.2.6) for replay experiments, leaving only CoAP deduplication
 * (RFC 7252 §4.5) between a replayed POST and a second stored reading; the server warns at start when it is off.
 * It refuses to start when a secret is readable by group or others, and follows {@code revoked.txt} while it runs.
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

    @Option(names = "--max-connections", paramLabel = "N",
            description = "DTLS sessions kept at once (default: 150000, or DTLS.MAX_CONNECTIONS).")
    Integer maxConnections;

    @Option(names = "--max-pending-handshakes", paramLabel = "N",
            description = "DTLS handshakes in progress at once; 0 = no limit (default: 1000, or"
                    + " MANOMETER_SERVER.MAX_PENDING_HANDSHAKES).")
    Integer maxPendingHandshakes;

    @Option(names = "--request-rate", paramLabel = "PER_SECOND",
            description = "Requests per second per device, above which the answer is 4.29; 0 = no limit (default: 20,"
                    + " or MANOMETER_SERVER.REQUEST_RATE).")
    Double requestRate;

    @Option(names = "--request-burst", paramLabel = "N",
            description = "Requests a device may send at once before --request-rate applies (default: 40, or"
                    + " MANOMETER_SERVER.REQUEST_BURST).")
    Integer requestBurst;

    @Option(names = "--max-payload", paramLabel = "BYTES",
            description = "Largest POST body; larger ones get 4.13 (default: 4096, or MANOMETER_SERVER.MAX_PAYLOAD).")
    Integer maxPayload;

    @Option(names = "--max-observers", paramLabel = "N",
            description = "Observe relations on the server; beyond it a GET is served without registering it"
                    + " (default: 10000, or COAP.MAX_SERVER_OBSERVES).")
    Integer maxObservers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Californium/Manometer properties overriding the defaults (flags still win).")
    Path config;

    private static final Logger LOGGER = LoggerFactory.getLogger(ServerMain.class);

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
                dtlsState(configuration, layout))
                .withRevocationWatch(new RevocationWatch(layout.revoked(), RevocationWatch.DEFAULT_RECHECK));
        ServerCredentials serverCredentials;
        DeviceRegistry registry;
        try {
            requirePrivateSecrets(layout, settings);
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

    /**
     * Like ssh, refuses to run with a secret that group or others may read: the server's key, the CA key, the
     * devices' PSKs, the key of the saved DTLS state. Saved DTLS state that others could read is deleted instead:
     * its session keys may have leaked, so its sessions must not be continued, and devices simply handshake again.
     */
    static void requirePrivateSecrets(CredentialsLayout layout, PressureServer.Settings settings)
            throws CredentialsException {
        List<Path> secrets = new ArrayList<>(KeyFilePermissions.serverSecrets(layout));
        secrets.add(layout.root().resolve(STATE_KEY));
        KeyFilePermissions.requirePrivate(secrets);
        if (settings.dtlsState().isPresent() && KeyFilePermissions.isOpen(settings.dtlsState().get().file())) {
            Path state = settings.dtlsState().get().file();
            LOGGER.warn("ignoring saved DTLS state {}: it is readable by group/others, so its session keys may have"
                    + " leaked; deleted it, devices will handshake again", state);
            try {
                Files.delete(state);
            } catch (IOException e) {
                throw new CredentialsException(state + " is readable by group/others and cannot be deleted: "
                        + e.getMessage() + "; delete it, or run: chmod 600 " + state, e);
            }
        }
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
        applyLimits(configuration);
        return configuration;
    }

    /** The limit flags, each over the same key of the properties file. */
    private void applyLimits(Configuration configuration) {
        if (maxConnections != null) {
            configuration.set(DtlsConfig.DTLS_MAX_CONNECTIONS, atLeast("--max-connections", maxConnections, 1));
        }
        if (maxPendingHandshakes != null) {
            configuration.set(ServerConfig.MAX_PENDING_HANDSHAKES,
                    atLeast("--max-pending-handshakes", maxPendingHandshakes, 0));
        }
        if (requestRate != null) {
            if (!(requestRate >= 0) || requestRate.isInfinite()) {
                throw new CliException(Cli.USAGE, "--request-rate must be a number >= 0, got " + requestRate);
            }
            configuration.set(ServerConfig.REQUEST_RATE, requestRate);
        }
        if (requestBurst != null) {
            configuration.set(ServerConfig.REQUEST_BURST, atLeast("--request-burst", requestBurst, 1));
        }
        if (maxPayload != null) {
            ServerConfig.setMaxPayload(configuration, atLeast("--max-payload", maxPayload, 128));
        }
        if (maxObservers != null) {
            configuration.set(CoapConfig.MAX_SERVER_OBSERVES, atLeast("--max-observers", maxObservers, 0));
        }
    }

    private static int atLeast(String flag, int value, int minimum) {
        if (value < minimum) {
            throw new CliException(Cli.USAGE, flag + " must be >= " + minimum + ", got " + value);
        }
        return value;
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
