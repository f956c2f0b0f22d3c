package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.PressureApi;
import io.manometer.server.endpoint.ServerConfig;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each resource limit over real DTLS on loopback, set small so it is reached in a few requests: the per-device rate
 * (4.29 with Max-Age, RFC 8516), the payload size (4.13), observers (served without registering, RFC 7641 §4.1, or
 * 5.03 per device), DTLS connections and handshakes in progress.
 */
class LimitsIT {

    @Nested
    class RequestRate {

        @RegisterExtension
        final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2").withConfiguration(config -> {
            config.set(ServerConfig.REQUEST_RATE, 1.0);
            config.set(ServerConfig.REQUEST_BURST, 3);
        });

        @Test
        void a_burst_beyond_the_rate_gets_4_29_with_max_age_and_after_max_age_the_device_is_served_again()
                throws Exception {
            Device device = server.device("dev-1", CredentialMode.PSK);
            for (int seq = 1; seq <= 3; seq++) {
                assertEquals("2.01", device.post(device.reading(seq, 101.0)).code());
            }

            AtomicReference<Response> refused = new AtomicReference<>();
            Answered answer = device.send(post(device, 4, refused));

            assertEquals("4.29", answer.code());
            assertTrue(answer.diagnostic().contains("over its request rate"), answer.diagnostic());
            long maxAge = refused.get().getOptions().getMaxAge();
            assertEquals(1, maxAge);
            assertEquals(1, server.limitCounters().requestsRateLimited());
            Device other = server.device("dev-2", CredentialMode.PSK);
            assertEquals("2.01", other.post(other.reading(1, 99.0)).code(), "dev-2 has its own bucket");

            // wait as the server said, then try again: one token has come back by then
            CompletableFuture<Answered> later = CompletableFuture.supplyAsync(
                    () -> device.post(device.reading(4, 101.0)),
                    CompletableFuture.delayedExecutor(maxAge, TimeUnit.SECONDS));
            assertEquals("2.01", later.get(Device.OUTCOME_BOUND.toSeconds(), TimeUnit.SECONDS).code());
            assertEquals(4, server.store().history(device.id(), 10).size());
        }

        /** A JSON POST whose response the test sees whole, options included. */
        private Request post(Device device, long seq, AtomicReference<Response> response) {
            Request request = Request.newPost();
            request.setURI(server.uri() + "/" + PressureApi.PATH);
            request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
            request.setPayload("{\"seq\":" + seq + ",\"kPa\":101.0}");
            request.addMessageObserver(new MessageObserverAdapter() {
                @Override
                public void onResponse(Response received) {
                    response.set(received);
                }
            });
            return request;
        }
    }

    @Nested
    class PayloadSize {

        @RegisterExtension
        final ServerOnLoopback server = new ServerOnLoopback("dev-1")
                .withConfiguration(config -> ServerConfig.setMaxPayload(config, 256));

        @Test
        void a_body_above_the_configured_maximum_is_4_13_and_nothing_is_stored() {
            Device device = server.device("dev-1", CredentialMode.PSK);
            byte[] body = ("101.5" + " ".repeat(295)).getBytes(StandardCharsets.US_ASCII);

            Answered answer = device.postRaw(MediaTypeRegistry.TEXT_PLAIN, body);

            assertEquals("4.13", answer.code());
            assertEquals("payload of 300 bytes exceeds 256", answer.diagnostic());
            assertEquals(0, server.store().count());
            // a Californium client answers a 4.13 with Size1 by trying once more block-wise (RFC 7959 §2.9.3)
            assertTrue(server.limitCounters().payloadsTooLarge() >= 1, server.limitCounters().summary());
        }
    }

    @Nested
    class ServerWideObservers {

        @RegisterExtension
        final ServerOnLoopback server = new ServerOnLoopback("gw-1", "dev-1").withObservers("gw-1")
                .withConfiguration(config -> config.set(CoapConfig.MAX_SERVER_OBSERVES, 1));

        @Test
        void the_observe_beyond_the_limit_is_served_once_and_not_registered() {
            Device gateway = server.device("gw-1", CredentialMode.PSK);
            Device device = server.device("dev-1", CredentialMode.PSK);
            Observation registered = gateway.observe("");
            assertEquals("2.05", registered.next().code());

            Observation extra = device.observe("");

            assertEquals("2.05", extra.next().code());
            assertEquals(1, server.limitCounters().observersNotRegistered());
            assertEquals("2.01", device.post(device.reading(1, 101.0)).code());
            List<?> seen = registered.awaitReadings(readings -> readings.size() == 1);
            assertEquals(1, seen.size());
            assertTrue(extra.isDrained(), "the unregistered observer got a notification");
        }
    }

    @Nested
    class ObserversPerDevice {

        @RegisterExtension
        final ServerOnLoopback server = new ServerOnLoopback("dev-1")
                .withConfiguration(config -> config.set(ServerConfig.MAX_OBSERVERS_PER_DEVICE, 1));

        @Test
        void a_device_at_its_observe_limit_gets_5_03_for_another_observation() {
            Device device = server.device("dev-1", CredentialMode.PSK);
            Observation first = device.observe("");
            assertEquals("2.05", first.next().code());

            Answered second = device.observe("device=dev-1").next();

            assertEquals("5.03", second.code());
            assertTrue(second.diagnostic().contains("already observes 1"), second.diagnostic());
            assertEquals(1, server.limitCounters().observersRefused());
        }

        @Test
        void observations_requested_all_at_once_register_no_more_than_the_limit() {
            // one device on four sessions (four ports), so that the server handles its requests on four connections
            // at the same time, each session's first POST made before, so the observes start together
            List<Device> sessions = IntStream.range(0, 4).mapToObj(i -> server.device("dev-1", CredentialMode.PSK))
                    .toList();
            for (int i = 0; i < sessions.size(); i++) {
                assertEquals("2.01", sessions.get(i).post(sessions.get(i).reading(i + 1, 100.0)).code());
            }
            List<Observation> observations = sessions.stream()
                    .flatMap(session -> Stream.of(session.observe(""), session.observe("")))
                    .toList();

            List<String> codes = observations.stream().map(observation -> observation.next().code()).toList();

            assertEquals(1, server.observers(), codes.toString());
            assertEquals(7, server.limitCounters().observersRefused(), codes.toString());
            assertTrue(codes.contains("2.05"), codes.toString());
        }
    }

    @Nested
    class Connections {

        @RegisterExtension
        final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2", "dev-3", "dev-4")
                .withConfiguration(config -> config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 3));

        @Test
        void with_three_sessions_in_use_a_fourth_device_cannot_handshake_and_the_three_keep_working() {
            List<Device> first = List.of(server.device("dev-1", CredentialMode.PSK),
                    server.device("dev-2", CredentialMode.PSK), server.device("dev-3", CredentialMode.PSK));
            for (Device device : first) {
                assertEquals("2.01", device.post(device.reading(1, 100.0)).code());
            }

            Device fourth = server.device("dev-4", CredentialMode.PSK);
            fourth.publishExpectingFailure(fourth.reading(1, 100.0));

            for (Device device : first) {
                assertEquals("2.01", device.post(device.reading(2, 100.5)).code());
            }
            assertEquals(0, fourth.handshakes());
        }
    }

    @Nested
    class PendingHandshakes {

        @RegisterExtension
        final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2")
                .withConfiguration(config -> config.set(ServerConfig.MAX_PENDING_HANDSHAKES, 1));

        @Test
        void while_one_handshake_hangs_at_the_limit_another_devices_handshake_is_dropped_and_counted()
                throws Exception {
            try (Relay relay = Relay.stalling(server.address())) {
                Device stalled = server.device("dev-1", CredentialMode.PSK, relay.uri());
                CompletableFuture<?> stalledOutcome = CompletableFuture.runAsync(
                        () -> stalled.publishExpectingFailure(stalled.reading(1, 100.0)));
                server.countersWhen(s -> s.handshakesStarted() - s.handshakesSucceeded() - s.handshakesFailed() == 1,
                        "one handshake in progress");

                Device refused = server.device("dev-2", CredentialMode.PSK);
                refused.publishExpectingFailure(refused.reading(1, 100.0));

                assertTrue(server.limitCounters().handshakesRefused() >= 1, server.limitCounters().summary());
                assertEquals(0, refused.handshakes());
                stalledOutcome.get(Device.OUTCOME_BOUND.toSeconds(), TimeUnit.SECONDS);
            }
        }

        @Test
        void a_device_that_handshakes_and_stays_silent_holds_no_pending_slot() throws Exception {
            try (Relay relay = Relay.silencing(server.address())) {
                Device silent = server.device("dev-1", CredentialMode.PSK, relay.uri());
                CompletableFuture.runAsync(() -> silent.publish(silent.reading(1, 100.0), ContentFormat.JSON));
                // the server checks the broken record on the connection's serial executor, after it finished the
                // handshake: so its MAC error tells that the server has its keys
                server.countersWhen(s -> s.macErrors() >= 1, "the silent device's first record refused");
                assertEquals(0, server.limitCounters().handshakesPending(), server.limitCounters().summary());

                Device next = server.device("dev-2", CredentialMode.PSK);
                assertEquals("2.01", next.post(next.reading(1, 100.0)).code());

                assertEquals(0, server.limitCounters().handshakesRefused(), server.limitCounters().summary());
                assertEquals(1, next.handshakes());
                silent.close();
            }
        }
    }

    /**
     * Forwards datagrams between one device and the server, each direction through its own edit, which may change a
     * datagram in place or drop it (returns {@code false}).
     */
    private static final class Relay implements AutoCloseable {
        private static final byte APPLICATION_DATA = 23;
        /** Application data in a record with a connection id (RFC 9146 §4). */
        private static final byte TLS12_CID = 25;
        private final DatagramSocket downstream;
        private final DatagramSocket upstream;
        private final Edit toServer;
        private final Edit toDevice;
        private final AtomicReference<SocketAddress> device = new AtomicReference<>();
        private final Thread up = new Thread(this::forwardUp, "it-relay-up");
        private final Thread down = new Thread(this::forwardDown, "it-relay-down");

        @FunctionalInterface
        interface Edit {
            boolean forward(byte[] data, int length);
        }

        private Relay(DatagramSocket downstream, DatagramSocket upstream, Edit toServer, Edit toDevice) {
            this.downstream = downstream;
            this.upstream = upstream;
            this.toServer = toServer;
            this.toDevice = toDevice;
        }

        /**
         * Forwards a device's datagrams to the server but only the server's first answer (the HelloVerifyRequest)
         * back, so the server's handshake, begun on the cookie ClientHello, waits for a client flight that never
         * comes.
         */
        static Relay stalling(InetSocketAddress server) throws IOException {
            AtomicBoolean answered = new AtomicBoolean();
            return start(server, (data, length) -> true, (data, length) -> answered.compareAndSet(false, true));
        }

        /**
         * Forwards everything, but breaks the MAC of each application data record from the device (a datagram
         * starting with content type 23, RFC 6347 §4.1, or 25 with a connection id), so the device completes its
         * handshake and then, as far as the server can tell, never says a word.
         */
        static Relay silencing(InetSocketAddress server) throws IOException {
            return start(server, (data, length) -> {
                if (data[0] == APPLICATION_DATA || data[0] == TLS12_CID) {
                    data[length - 1] ^= 1;
                }
                return true;
            }, (data, length) -> true);
        }

        private static Relay start(InetSocketAddress server, Edit toServer, Edit toDevice) throws IOException {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            DatagramSocket upstream = new DatagramSocket(loopback);
            upstream.connect(server);
            Relay relay = new Relay(new DatagramSocket(loopback), upstream, toServer, toDevice);
            relay.up.start();
            relay.down.start();
            return relay;
        }

        URI uri() {
            return URI.create("coaps://127.0.0.1:" + downstream.getLocalPort());
        }

        private void forwardUp() {
            byte[] buffer = new byte[2048];
            try {
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    downstream.receive(packet);
                    device.set(packet.getSocketAddress());
                    if (toServer.forward(packet.getData(), packet.getLength())) {
                        upstream.send(new DatagramPacket(packet.getData(), packet.getLength()));
                    }
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }

        private void forwardDown() {
            byte[] buffer = new byte[2048];
            try {
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    upstream.receive(packet);
                    SocketAddress to = device.get();
                    if (to != null && toDevice.forward(packet.getData(), packet.getLength())) {
                        downstream.send(new DatagramPacket(packet.getData(), packet.getLength(), to));
                    }
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }

        @Override
        public void close() throws InterruptedException {
            downstream.close();
            upstream.close();
            up.join(5_000);
            down.join(5_000);
            assertFalse(up.isAlive() || down.isAlive(), "relay threads still running");
            assertNotNull(device.get(), "the device never sent anything");
        }
    }
}
