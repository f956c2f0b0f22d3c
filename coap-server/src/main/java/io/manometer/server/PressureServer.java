package io.manometer.server;

import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.RevocationList;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.AppendingTlsKeyLog;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.PeerIdentities;
import io.manometer.credentials.dtls.ServerDtls;
import io.manometer.protocol.DeviceId;
import io.manometer.server.endpoint.DtlsStateFile;
import io.manometer.server.endpoint.SecureEndpointFactory;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.endpoint.ServerCounters;
import io.manometer.server.resource.LimitCounters;
import io.manometer.server.resource.PeerResolver;
import io.manometer.server.resource.PressureResource;
import io.manometer.server.resource.ReadAccess;
import io.manometer.server.resource.ReadingIngest;
import io.manometer.server.revocation.RevocationWatch;
import io.manometer.server.revocation.RevocationWatcher;
import io.manometer.server.revocation.SessionRevoker;
import io.manometer.server.storage.ReadingStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
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
    /** Visiting every connection runs on each one's executor; even 100,000 of them take far less. */
    private static final Duration SESSION_WORK_BOUND = Duration.ofSeconds(30);

    /**
     * What the server needs besides its collaborators; {@code bind} may use port 0 for a free port. With a
     * {@code dtlsState} file, DTLS connections are restored on start and saved on close (graceful restart). With a
     * {@code revocationWatch}, the server follows the deny list while it runs (see {@link #revoke}).
     */
    public record Settings(InetSocketAddress bind, Set<CredentialMode> modes, Optional<Path> keyLog,
            Configuration configuration, Optional<DtlsStateFile> dtlsState,
            Optional<RevocationWatch> revocationWatch) {
        public Settings {
            Objects.requireNonNull(bind, "bind");
            modes = modes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(modes));
            Objects.requireNonNull(keyLog, "keyLog");
            Objects.requireNonNull(configuration, "configuration");
            Objects.requireNonNull(dtlsState, "dtlsState");
            Objects.requireNonNull(revocationWatch, "revocationWatch");
        }

        /** Settings that do not follow the deny list: revocations apply when the registry is loaded again. */
        public Settings(InetSocketAddress bind, Set<CredentialMode> modes, Optional<Path> keyLog,
                Configuration configuration, Optional<DtlsStateFile> dtlsState) {
            this(bind, modes, keyLog, configuration, dtlsState, Optional.empty());
        }

        /** These settings, following {@code watch} while the server runs. */
        public Settings withRevocationWatch(RevocationWatch watch) {
            return new Settings(bind, modes, keyLog, configuration, dtlsState, Optional.of(watch));
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
    private final LimitCounters limitCounters = new LimitCounters();
    private CoapServer server;
    private CoapEndpoint endpoint;
    private PressureResource resource;
    private AppendingTlsKeyLog keyLog;
    private ExecutorService notifier;
    private int restoredConnections;
    private volatile SessionRevoker sessions;
    private RevocationWatcher revocationWatcher;
    /** Completed when a device's revocation has been applied, with the number of its sessions dropped. */
    private final Map<DeviceId, CompletableFuture<Integer>> revocations = new ConcurrentHashMap<>();

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
                settings.modes(), Optional.ofNullable(keyLog), counters, limitCounters);
        server = new CoapServer(settings.configuration());
        server.addEndpoint(endpoint);
        notifier = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "manometer-observe"));
        resource = new PressureResource(new ReadingIngest(store, clock, counters::readingStored), store,
                peerResolver(registry), new ReadAccess(registry::isObserver),
                notifier, ServerConfig.resourceLimits(settings.configuration(), clock), limitCounters);
        server.add(resource);
        restoredConnections = settings.dtlsState().map(state -> state.restore(server)).orElse(0);
        server.start();
        sessions = new SessionRevoker((DTLSConnector) endpoint.getConnector(), registry);
        // saved state may hold sessions of devices revoked (or removed) while the server was down
        SessionRevoker.Dropped restored = restoredConnections > 0 ? dropUnaccepted() : new SessionRevoker.Dropped(
                Map.of(), 0);
        if (restored.total() > 0) {
            LOGGER.info("dropped {} restored DTLS sessions of revoked or unknown devices", restored.total());
        }
        registry.revoked().forEach(id -> revocation(id).complete(restored.of(id)));
        if (settings.revocationWatch().isPresent()) {
            revocationWatcher = new RevocationWatcher(settings.revocationWatch().get(), this::revoke);
            revocationWatcher.start();
        }
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

    /** How often each limit (rate, payload, observers, pending handshakes) refused something; also after close. */
    public LimitCounters.Snapshot limitCounters() {
        return limitCounters.snapshot();
    }

    /**
     * Completes with the first counters that satisfy {@code condition} (at once if the current ones do), e.g. to wait
     * for a drop no device can see; bound the wait with a timeout.
     */
    public CompletableFuture<ServerCounters.Snapshot> countersWhen(Predicate<ServerCounters.Snapshot> condition) {
        return counters.when(condition);
    }

    private static PeerResolver peerResolver(DeviceRegistry registry) {
        return new PeerResolver() {
            @Override
            public Optional<DeviceId> resolve(Principal principal) {
                return PeerIdentities.resolve(principal, registry);
            }

            @Override
            public Optional<DeviceId> revoked(Principal principal) {
                return PeerIdentities.claimedDevice(principal, registry).filter(registry::isRevoked);
            }
        };
    }

    /**
     * Applies a deny list to the running server: devices newly on it are refused from now on in every handshake
     * (PSK lookup, raw public key, certificate CN) and every request, and their live DTLS sessions are dropped.
     * Idempotent; called by the revocation watcher, or directly. Returns the sessions dropped per newly revoked
     * device.
     */
    public Map<DeviceId, Integer> revoke(RevocationList list) {
        Set<DeviceId> added = registry.revoke(list.devices());
        if (added.isEmpty()) {
            return Map.of();
        }
        SessionRevoker.Dropped dropped = sessions == null ? new SessionRevoker.Dropped(Map.of(), 0) : dropUnaccepted();
        cancelObservations(added);
        Map<DeviceId, Integer> result = new TreeMap<>();
        for (DeviceId id : added) {
            result.put(id, dropped.of(id));
            LOGGER.info("revoked {}: dropped {} sessions", id, dropped.of(id));
            revocation(id).complete(dropped.of(id));
        }
        return result;
    }

    /** Observe relations registered at {@code /pressure} now. */
    public int observers() {
        return resource == null ? 0 : resource.getObserverCount();
    }

    /** Their notifications are filtered anyway; cancelling frees their places in the observer limits. */
    private void cancelObservations(Set<DeviceId> revoked) {
        if (resource == null) {
            return;
        }
        try {
            int cancelled = resource.cancelObservations(revoked).get(SESSION_WORK_BOUND.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (cancelled > 0) {
                LOGGER.info("revoked {}: cancelled {} Observe relations", revoked, cancelled);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.warn("cancelling the Observe relations of revoked devices did not finish: {}", e.toString());
        }
    }

    /**
     * Completes when this server has applied {@code id}'s revocation (its sessions dropped), with the number of
     * sessions dropped; for tests and tools that must wait for it. Bound the wait.
     */
    public CompletableFuture<Integer> revocationApplied(DeviceId id) {
        return revocation(id);
    }

    /** DTLS connections in the server's connection store now: established sessions and handshakes in progress. */
    public int connections() {
        DTLSConnector connector;
        synchronized (this) {
            if (endpoint == null) {
                throw new IllegalStateException("not started");
            }
            connector = (DTLSConnector) endpoint.getConnector();
        }
        AtomicInteger count = new AtomicInteger();
        try {
            connector.startForEach(connection -> {
                count.incrementAndGet();
                return false;
            }).get(SESSION_WORK_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot count the DTLS connections: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting the DTLS connections", e);
        }
        return count.get();
    }

    private CompletableFuture<Integer> revocation(DeviceId id) {
        return revocations.computeIfAbsent(id, key -> new CompletableFuture<>());
    }

    /** A revoked device stays refused even if this fails: the registry and the resource check every request. */
    private SessionRevoker.Dropped dropUnaccepted() {
        try {
            return sessions.dropUnaccepted(SESSION_WORK_BOUND);
        } catch (TimeoutException | RuntimeException e) {
            LOGGER.warn("dropping the sessions of revoked devices did not finish: {}; their requests are refused", e
                    .toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new SessionRevoker.Dropped(Map.of(), 0);
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
        if (revocationWatcher != null) {
            revocationWatcher.close();
            revocationWatcher = null;
        }
        if (server != null) {
            server.stop();
            settings.dtlsState().ifPresent(this::saveState);
            server.destroy();
            server = null;
            notifier.shutdown();
            LOGGER.info("stopped; {} readings in store; {}; {}", store.count(), counters().summary(),
                    limitCounters().summary());
        }
        if (keyLog != null) {
            keyLog.close();
            keyLog = null;
        }
        store.close();
    }
}
