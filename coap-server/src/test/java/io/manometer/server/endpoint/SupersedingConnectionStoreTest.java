package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.protocol.DeviceId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PSK handshakes on 127.0.0.1 against the server's connector: a peer that handshakes again from its address
 * leaves one session, not one per handshake, while peers at other addresses keep theirs even under one identity.
 */
class SupersedingConnectionStoreTest {

    private static final long BOUND_SECONDS = 10;
    /** A CoAP ping (RFC 7252 §4.3): an empty confirmable message, which the server answers with a reset. */
    private static final byte[] PING = {0x40, 0x00, 0x12, 0x34};

    @TempDir
    Path dir;

    private final ServerCounters counters = new ServerCounters();
    private final List<DTLSConnector> clients = new ArrayList<>();
    private CredentialsLayout layout;
    private CoapServer server;
    private ReplayCountingDtlsConnector connector;
    private InetSocketAddress address;

    @BeforeEach
    void startServer() throws Exception {
        layout = new CredentialsLayout(dir);
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, List.of(DeviceId.of("dev-1"), DeviceId.of("dev-2")), false);
        Configuration config = ServerConfig.create(Optional.empty());
        CoapEndpoint endpoint = SecureEndpointFactory.create(config,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ServerCredentials.load(layout),
                DeviceRegistry.load(layout), Set.of(CredentialMode.PSK), Optional.empty(), counters);
        connector = (ReplayCountingDtlsConnector) endpoint.getConnector();
        server = new CoapServer(config);
        server.addEndpoint(endpoint);
        server.start();
        address = endpoint.getAddress();
    }

    @AfterEach
    void stop() {
        clients.forEach(DTLSConnector::destroy);
        server.destroy();
    }

    @Test
    void a_peer_that_handshakes_again_from_its_address_keeps_one_session() throws Exception {
        DTLSConnector device = client("dev-1", 0);

        handshake(device, false);
        handshake(device, true);
        handshake(device, true);

        counters.when(s -> s.sessionsReplaced() == 2 && s.handshakesSucceeded() == 3)
                .get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, connector.connections());
    }

    @Test
    void peers_sharing_an_identity_from_two_addresses_keep_both_sessions() throws Exception {
        DTLSConnector first = client("dev-1", 0);
        DTLSConnector second = client("dev-1", 0);
        handshake(first, false);
        handshake(second, false);

        handshake(first, true);

        counters.when(s -> s.sessionsReplaced() == 1).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, connector.connections());
    }

    @Test
    void another_peer_at_an_old_address_leaves_the_old_session_alone() throws Exception {
        DTLSConnector before = client("dev-1", 0);
        handshake(before, false);
        int port = before.getAddress().getPort();
        before.destroy();

        handshake(client("dev-2", port), false);

        assertEquals(2, connector.connections());
        assertEquals(0, counters.snapshot().sessionsReplaced());
    }

    private DTLSConnector client(String id, int port) throws Exception {
        Configuration config = new Configuration(DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        // an empty connection id: the device supports RFC 9146, so the server gives it one, as real devices get
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        DeviceDtls.configure(builder, DeviceCredentials.loadPsk(layout, DeviceId.of(id)), CredentialMode.PSK,
                Optional.empty());
        DTLSConnector client = new DTLSConnector(builder.build());
        client.setRawDataReceiver(data -> { });
        clients.add(client);
        client.start();
        return client;
    }

    /** Sends a ping, after a full handshake if {@code force}; returns once the ping left, i.e. the session is up. */
    private void handshake(DTLSConnector client, boolean force) throws Exception {
        EndpointContext peer = new AddressEndpointContext(address);
        if (force) {
            peer = MapBasedEndpointContext.addEntries(peer, new MapBasedEndpointContext.Attributes()
                    .add(DtlsEndpointContext.KEY_HANDSHAKE_MODE, DtlsEndpointContext.HANDSHAKE_MODE_FORCE_FULL));
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        client.send(RawData.outbound(PING, peer, new Sent(sent), false));
        sent.get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private record Sent(CompletableFuture<Void> future) implements MessageCallback {

        @Override
        public void onConnecting() {
        }

        @Override
        public void onDtlsRetransmission(int flight) {
        }

        @Override
        public void onContextEstablished(EndpointContext context) {
        }

        @Override
        public void onSent() {
            future.complete(null);
        }

        @Override
        public void onError(Throwable error) {
            future.completeExceptionally(error);
        }
    }
}
