package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.DeviceId;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.endpoint.ServerCounters;
import io.manometer.server.resource.LimitCounters;
import io.manometer.server.storage.InMemoryReadingStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Manometer server for one test: fresh credentials in a temporary folder, every credential mode enabled, an
 * in-memory store the test can inspect, bound to 127.0.0.1 on a free port. Devices started through it are closed
 * after the test, then the server; the test fails if a request was left without an outcome or a thread outlived
 * the server.
 * <pre>
 *   &#64;RegisterExtension
 *   final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2");
 *   ...
 *   server.device("dev-1", CredentialMode.PSK).post(reading)
 * </pre>
 */
public final class ServerOnLoopback implements BeforeEachCallback, AfterEachCallback {

    private final List<DeviceId> registered;
    private Set<DeviceId> observers = Set.of();
    private Consumer<Configuration> configuration = config -> { };
    private final Deque<Device> devices = new ArrayDeque<>();
    private ThreadLeaks threads;
    private Path root;
    private CredentialsLayout layout;
    private InMemoryReadingStore store;
    private PressureServer server;

    /** A server whose registry holds exactly {@code deviceIds}. */
    public ServerOnLoopback(String... deviceIds) {
        this.registered = Arrays.stream(deviceIds).map(DeviceId::of).toList();
    }

    /** Marks some of the registered devices as observers, which may read every device's readings. */
    public ServerOnLoopback withObservers(String... deviceIds) {
        observers = Arrays.stream(deviceIds).map(DeviceId::of).collect(Collectors.toSet());
        return this;
    }

    /** Changes the server's Californium configuration before it starts, e.g. to switch a DTLS filter off. */
    public ServerOnLoopback withConfiguration(Consumer<Configuration> customiser) {
        configuration = customiser;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        threads = ThreadLeaks.snapshot();
        root = Files.createTempDirectory("manometer-it-");
        layout = new CredentialsLayout(root);
        CredentialsProvisioner provisioner = new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()),
                new PskGenerator(new SecureRandom()), Clock.systemUTC());
        provisioner.init(layout, registered, false);
        provisioner.setObservers(layout, observers);
        store = new InMemoryReadingStore();
        Configuration config = ServerConfig.create(Optional.empty());
        configuration.accept(config);
        server = new PressureServer(new PressureServer.Settings(new InetSocketAddress("127.0.0.1", 0),
                EnumSet.allOf(CredentialMode.class), Optional.empty(), config),
                ServerCredentials.load(layout), DeviceRegistry.load(layout), store, Clock.systemUTC());
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        long unfinished = devices.stream().mapToLong(Device::unfinishedRequests).sum();
        while (!devices.isEmpty()) {
            devices.pop().close();
        }
        if (server != null) {
            server.close();
        }
        deleteTree(root);
        assertEquals(0, unfinished, "requests left without an outcome");
        threads.assertAllStopped();
    }

    /** The credentials folder the server was started with ({@code ca.key} included, for issuing more). */
    public CredentialsLayout layout() {
        return layout;
    }

    public InMemoryReadingStore store() {
        return store;
    }

    public URI uri() {
        return URI.create(server.uri());
    }

    /** The server's UDP address, for a relay to forward to. */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * The server's counters once {@code condition} holds; fails the test if it does not within
     * {@link Device#OUTCOME_BOUND}. Waits on the counters themselves, never by sleeping.
     */
    public ServerCounters.Snapshot countersWhen(Predicate<ServerCounters.Snapshot> condition, String expected) {
        CompletableFuture<ServerCounters.Snapshot> when = server.countersWhen(condition);
        try {
            return when.get(Device.OUTCOME_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            when.cancel(false);
            return fail("server counters never showed " + expected + "; last: " + server.counters());
        } catch (ExecutionException e) {
            return fail("waiting for " + expected + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for " + expected);
        }
    }

    /** Observe relations registered at the server now. */
    public int observers() {
        return server.observers();
    }

    /** How often each limit of the server (rate, payload, observers, pending handshakes) refused something. */
    public LimitCounters.Snapshot limitCounters() {
        return server.limitCounters();
    }

    /** A started device of the registry, loading its credentials from the folder as the device CLI does. */
    public Device device(String id, CredentialMode mode) {
        return device(id, mode, uri());
    }

    /** A started device of the registry that sends to {@code via} (e.g. a relay) instead of the server itself. */
    public Device device(String id, CredentialMode mode, URI via) {
        try {
            return device(DeviceDtls.loadCredentials(layout, DeviceId.of(id), mode), mode, via);
        } catch (CredentialsException e) {
            throw new IllegalStateException("cannot load credentials of " + id, e);
        }
    }

    /** A started device with credentials the test made, e.g. ones the server must refuse. */
    public Device device(DeviceCredentials credentials, CredentialMode mode) {
        return device(credentials, mode, uri());
    }

    private Device device(DeviceCredentials credentials, CredentialMode mode, URI target) {
        ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(target, mode,
                Optional.empty(), Optional.empty(), ShortTimers.device()), credentials);
        Device device = new Device(credentials.id(), target, publisher);
        devices.push(device);
        try {
            publisher.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start device " + credentials.id(), e);
        }
        return device;
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
