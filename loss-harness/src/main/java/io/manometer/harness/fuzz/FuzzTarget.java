package io.manometer.harness.fuzz;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.harness.scenario.TemporaryCredentials;
import io.manometer.harness.scenario.Timers;
import io.manometer.protocol.DeviceId;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.storage.InMemoryReadingStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The server under fuzz and the credentials of the fuzzing devices: either a fresh in-process server with an
 * in-memory store and a temporary credentials folder ({@code dev-1..dev-3}), or an external server and a user's
 * folder, in which case only what crosses the wire can be observed.
 */
final class FuzzTarget implements AutoCloseable {

    /**
     * DTLS flight retransmissions of the in-process server: fewer than {@link Timers#SHORT}'s 10, so that a
     * handshake a fuzzer leaves half-done expires in about 5 s (200 ms doubling to 2 s, 5 tries) and the connection
     * count returns to its baseline within the settle wait.
     */
    static final int SERVER_DTLS_RETRANSMISSIONS = 4;

    private final InetSocketAddress address;
    private final Optional<PressureServer> server;
    private final Optional<InMemoryReadingStore> store;
    private final Optional<TemporaryCredentials> temporary;
    private final Optional<CredentialsLayout> layout;

    private FuzzTarget(InetSocketAddress address, Optional<PressureServer> server,
            Optional<InMemoryReadingStore> store, Optional<TemporaryCredentials> temporary,
            Optional<CredentialsLayout> layout) {
        this.address = address;
        this.server = server;
        this.store = store;
        this.temporary = temporary;
        this.layout = layout;
    }

    static FuzzTarget open(FuzzOptions options) throws IOException, CredentialsException {
        if (options.server().isPresent()) {
            URI uri = options.server().get();
            if (!"coaps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("--server must be coaps://host:port, got " + uri);
            }
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(uri.getHost()),
                    uri.getPort() < 0 ? 5684 : uri.getPort());
            return new FuzzTarget(address, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(new CredentialsLayout(options.credentials().orElseThrow())));
        }
        TemporaryCredentials credentials = TemporaryCredentials.provision(3);
        InMemoryReadingStore store = new InMemoryReadingStore();
        Configuration config = Timers.SHORT.applyToServer(ServerConfig.create(Optional.empty()));
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, SERVER_DTLS_RETRANSMISSIONS);
        PressureServer server = new PressureServer(new PressureServer.Settings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), EnumSet.allOf(CredentialMode.class),
                Optional.empty(), config), credentials.server(), credentials.registry(), store, Clock.systemUTC());
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            credentials.close();
            throw e;
        }
        return new FuzzTarget(server.address(), Optional.of(server), Optional.of(store), Optional.of(credentials),
                Optional.empty());
    }

    InetSocketAddress address() {
        return address;
    }

    URI uri() {
        String host = address.getAddress().getHostAddress();
        return URI.create("coaps://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    Optional<ServerProbe> probe() {
        return server.map(ServerProbe::new);
    }

    Optional<InMemoryReadingStore> store() {
        return store;
    }

    DeviceCredentials device(String id, CredentialMode mode) throws CredentialsException {
        if (temporary.isPresent()) {
            List<DeviceId> ids = temporary.get().devices();
            int index = ids.indexOf(DeviceId.of(id));
            if (index < 0) {
                throw new IllegalArgumentException("no device " + id + " among " + ids);
            }
            return temporary.get().device(index, mode);
        }
        return DeviceDtls.loadCredentials(layout.orElseThrow(), DeviceId.of(id), mode);
    }

    @Override
    public void close() {
        server.ifPresent(PressureServer::close);
        temporary.ifPresent(TemporaryCredentials::close);
    }
}
