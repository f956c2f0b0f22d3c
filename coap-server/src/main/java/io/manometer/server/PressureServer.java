package io.manometer.server;

import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.AppendingTlsKeyLog;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.PeerIdentities;
import io.manometer.credentials.dtls.ServerDtls;
import io.manometer.server.endpoint.DtlsStateFile;
import io.manometer.server.endpoint.SecureEndpointFactory;
import io.manometer.server.endpoint.ServerCounters;
import io.manometer.server.resource.PressureResource;
import io.manometer.server.resource.ReadAccess;
import io.manometer.server.resource.ReadingIngest;
import io.manometer.server.storage.ReadingStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Manometer server: one coaps endpoint, the {@code /pressure} resource and its store. Constructing it binds
 * nothing; {@link #start()} binds the port, {@link #close()} stops the endpoint and releases the store and key log.
 * {@link #counters()} tells what the endpoint saw, from DTLS records to stored readings, also after it stopped.
 * <p>
 * {@code DTLS.USE_ANTI_REPLAY_FILTER=false} in the configuration (the CLI's {@code --no-anti-replay}) turns off the
 * DTLS anti-replay window (RFC 6347 §4.1.2.6), so that a replayed record reaches CoAP, where only the deduplicator
 * (RFC 7252 §4.5) keeps a reading from being stored twice, and only for EXCHANGE_LIFETIME. That is for loss and
 * replay experiments only, and the server warns when it starts so.
 */
public final class PressureServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(PressureServer.class);

    /**
     * What the server needs besides its collaborators; {@code bind} may use port 0 for a free port. With a
     * {@code dtlsState} file, DTLS connections are restored on start and saved on close (graceful restart).
     */
    public record Settings(InetSocketAddress bind, Set<CredentialMode> modes, Optional<Path> keyLog,
            Configuration configuration, Optional<DtlsStateFile> dtlsState) {
        public Settings {
            Objects.requireNonNull(bind, "bind");
            modes = modes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(modes));
            Objects.requireNonNull(keyLog, "keyLog");
            Objects.requireNonNull(configuration, "configuration");
            Objects.requireNonNull(dtlsState, "dtlsState");
        }

        /** Settings without saved DTLS state: every start begins with no sessions. */
        public Settings(InetSocketAddress bind, Set<CredentialMode> modes, Optional<Path> keyLog,
                Configuration configuration) {
            this(bind, modes, keyLog, configuration, Optional.empty());
        }
    }

    private final Settings settings;
    private final ServerCredentials credentials;
    private final DeviceRegistry registry;
    private final ReadingStore store;
    private final Clock clock;
    private final ServerCounters counters = new ServerCounters();
    private CoapServer server;
    private CoapEndpoint endpoint;
    private AppendingTlsKeyLog keyLog;
    private ExecutorService notifier;
    private int restoredConnections;

    public PressureServer(Settings settings, ServerCredentials credentials, DeviceRegistry registry,
            ReadingStore store, Clock clock) {
        this.settings = settings;
        this.credentials = credentials;
        this.registry = registry;
        this.store = store;
        this.clock = clock;
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        if (settings.keyLog().isPresent()) {
            keyLog = AppendingTlsKeyLog.open(settings.keyLog().get());
        }
        if (!settings.configuration().get(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER)) {
            LOGGER.warn("DTLS anti-replay filter is OFF (RFC 6347 4.1.2.6): replayed records reach CoAP, and only"
                    + " its deduplicator stops a replayed reading. For experiments only, never in production.");
        }
        endpoint = SecureEndpointFactory.create(settings.configuration(), settings.bind(), credentials, registry,
                settings.modes(), Optional.ofNullable(keyLog), counters);
        server = new CoapServer(settings.configuration());
        server.addEndpoint(endpoint);
        notifier = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "manometer-observe"));
        server.add(new PressureResource(new ReadingIngest(store, clock, counters::readingStored), store,
                principal -> PeerIdentities.resolve(principal, registry), new ReadAccess(registry::isObserver),
                notifier));
        restoredConnections = settings.dtlsState().map(state -> state.restore(server)).orElse(0);
        server.start();
        LOGGER.debug("listening on {} modes={} suites={} devices={}", uri(), modesText(), suitesText(),
                registry.devices().size());
    }

    /** The bound address (with the real port when started on port 0). */
    public synchronized InetSocketAddress address() {
        if (endpoint == null) {
            throw new IllegalStateException("not started");
        }
        return endpoint.getAddress();
    }

    public String uri() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "coaps://" + host + ":" + address.getPort();
    }

    public String modesText() {
        return EnumSet.copyOf(settings.modes()).stream().map(CredentialMode::cliName)
                .collect(Collectors.joining(","));
    }

    public String suitesText() {
        return ServerDtls.cipherSuites(settings.modes()).stream().map(Enum::name).collect(Collectors.joining(","));
    }

    /** DTLS connections restored from saved state when this server started. */
    public synchronized int restoredConnections() {
        return restoredConnections;
    }

    /** The counters now, cumulative since this server was constructed; cheap, from any thread, also after close. */
    public ServerCounters.Snapshot counters() {
        return counters.snapshot();
    }

    /**
     * Completes with the first counters that satisfy {@code condition} (at once if the current ones do), e.g. to wait
     * for a drop no device can see; bound the wait with a timeout.
     */
    public CompletableFuture<ServerCounters.Snapshot> countersWhen(Predicate<ServerCounters.Snapshot> condition) {
        return counters.when(condition);
    }

    public List<String> devices() {
        return registry.devices().stream().map(Object::toString).toList();
    }

    private void saveState(DtlsStateFile state) {
        try {
            state.save(server);
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("cannot save DTLS state to {}: {}; devices will handshake again after the restart",
                    state.file(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            settings.dtlsState().ifPresent(this::saveState);
            server.destroy();
            server = null;
            notifier.shutdown();
            LOGGER.info("stopped; {} readings in store; {}", store.count(), counters().summary());
        }
        if (keyLog != null) {
            keyLog.close();
            keyLog = null;
        }
        store.close();
    }
}
