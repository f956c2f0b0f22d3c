package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.server.PressureServer;
import io.manometer.server.endpoint.ServerConfig;
import io.manometer.server.storage.InMemoryReadingStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The real Manometer server on 127.0.0.1 with an in-memory store, configured by a {@link Profile}, accepting every
 * credential mode on one port as in production. It knows its connection id length (what a device puts in each
 * record, RFC 9146 §4) and which threads are its own, for {@link ThreadCpu}.
 */
final class BenchServer implements AutoCloseable {

    private final PressureServer server;
    private final int cidLength;

    private BenchServer(PressureServer server, int cidLength) {
        this.server = server;
        this.cidLength = cidLength;
    }

    static BenchServer start(BenchCredentials credentials, Profile profile) throws IOException {
        Configuration config = profile.applyToServer(
                ServerConfig.withoutRequestRate(ServerConfig.create(Optional.empty())));
        Integer cid = config.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH);
        PressureServer server = new PressureServer(new PressureServer.Settings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), EnumSet.allOf(CredentialMode.class),
                Optional.empty(), config), credentials.server(), credentials.registry(), new InMemoryReadingStore(),
                Clock.systemUTC());
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new BenchServer(server, cid == null ? 0 : Math.max(0, cid));
    }

    PressureServer server() {
        return server;
    }

    InetSocketAddress address() {
        return server.address();
    }

    /** The server without a link in between. */
    URI uri() {
        return URI.create(server.uri());
    }

    /** Bytes of connection id in records a device sends to this server (0 when none is negotiated). */
    int cidLength() {
        return cidLength;
    }

    /** CPU nanoseconds of this server's DTLS threads so far, by thread. */
    Map<Long, Long> cpu() {
        return ThreadCpu.snapshot(ThreadCpu.dtlsThreadsOf(address().getPort()));
    }

    /** CPU nanoseconds of every other DTLS endpoint's threads in this JVM: the devices'. */
    Map<Long, Long> deviceCpu() {
        return ThreadCpu.snapshot(ThreadCpu.dtlsThreadsExcept(address().getPort()));
    }

    @Override
    public void close() {
        server.close();
    }
}
