package io.manometer.bench.server;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.endpoint.ServerCounters;
import io.manometer.server.storage.ReadingStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.californium.elements.config.Configuration;

/**
 * The real Manometer server, in this process on 127.0.0.1 with a free port, accepting every credential mode on one
 * endpoint as in production (except for the per-device request rate limit, which is off: it is policy, not
 * capacity), with the store the caller chose. It exists so every phase of the suite starts the server the same way
 * and can read its counters and the CPU time of its threads.
 */
public final class ServerUnderTest implements AutoCloseable {

    private final PressureServer server;
    private final ReadingStore store;
    private ServerThreads threads;

    private ServerUnderTest(PressureServer server, ReadingStore store) {
        this.server = server;
        this.store = store;
    }

    /**
     * Starts a server over {@code credentials} and {@code store}; {@code tune} may change the configuration first
     * (e.g. more DTLS connections for the heap probe). The store is closed with the server.
     */
    public static ServerUnderTest start(CredentialsLayout credentials, ReadingStore store,
            Consumer<Configuration> tune) throws IOException, CredentialsException {
        PressureServer server;
        try {
            // a load generator: hundreds of requests per second per device, so no per-device rate limit
            Configuration config = ServerConfig.withoutRequestRate(ServerConfig.create(Optional.empty()));
            tune.accept(config);
            server = new PressureServer(new PressureServer.Settings(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), EnumSet.allOf(CredentialMode.class),
                    Optional.empty(), config), ServerCredentials.load(credentials), DeviceRegistry.load(credentials),
                    store, Clock.systemUTC());
        } catch (IOException | CredentialsException | RuntimeException e) {
            store.close();
            throw e;
        }
        ServerUnderTest started = new ServerUnderTest(server, store);
        try {
            server.start();
            started.threads = ServerThreads.ofServerOnPort(server.address().getPort());
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    public URI uri() {
        return URI.create(server.uri());
    }

    public ServerCounters.Snapshot counters() {
        return server.counters();
    }

    /** CPU nanoseconds of the server's threads so far (see {@link ServerThreads}). */
    public long cpuNanos() {
        return threads.cpuNanos();
    }

    public ReadingStore store() {
        return store;
    }

    @Override
    public void close() {
        server.close();
    }
}
