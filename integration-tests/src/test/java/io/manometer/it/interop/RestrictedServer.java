package io.manometer.it.interop;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.storage.InMemoryReadingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Our server with only some credential modes enabled (as {@code --modes} does), on the credentials folder of a
 * {@code ServerOnLoopback}. Californium picks the cipher suite in the client's order, so restricting the server is
 * how a test sees which suite a foreign client lands on when its first choice is not offered.
 */
final class RestrictedServer implements AutoCloseable {

    private final PressureServer server;
    private final InMemoryReadingStore store;

    private RestrictedServer(PressureServer server, InMemoryReadingStore store) {
        this.server = server;
        this.store = store;
    }

    static RestrictedServer start(CredentialsLayout layout, CredentialMode... modes) {
        InMemoryReadingStore store = new InMemoryReadingStore();
        try {
            PressureServer server = new PressureServer(new PressureServer.Settings(
                    new InetSocketAddress("127.0.0.1", 0), EnumSet.copyOf(List.of(modes)), Optional.empty(),
                    ServerConfig.create(Optional.empty())), ServerCredentials.load(layout),
                    DeviceRegistry.load(layout), store, Clock.systemUTC());
            server.start();
            return new RestrictedServer(server, store);
        } catch (CredentialsException e) {
            throw new IllegalStateException("cannot load the server's credentials", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create(server.uri());
    }

    InMemoryReadingStore store() {
        return store;
    }

    @Override
    public void close() {
        server.close();
    }
}
