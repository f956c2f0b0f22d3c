package io.manometer.server.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureApi;
import io.manometer.server.storage.InMemoryReadingStore;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.Exchange.Origin;
import org.eclipse.californium.core.observe.ObserveManager;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Observe registrations at {@code /pressure} against the per-device limit, without sockets: each request gets its
 * relation from Californium's {@link ObserveManager} as the server's deliverer would create it, and its answer runs
 * through {@link ObserveRelation#onResponse(ObserveRelation, Response)} as the observe layer would, which is where a
 * relation is registered at the resource.
 */
class PressureResourceObserveTest {

    private static final int MAX_PER_DEVICE = 8;
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final InetSocketAddress DEV_1_ADDRESS = new InetSocketAddress("127.0.0.1", 40_001);
    private static final InetSocketAddress DEV_2_ADDRESS = new InetSocketAddress("127.0.0.1", 40_002);

    private final Configuration config = new Configuration(CoapConfig.DEFINITIONS);
    private final ObserveManager manager = new ObserveManager(config);
    private final LimitCounters counters = new LimitCounters();
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private int tokens;

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "test threads stopped");
    }

    @Test
    void observations_requested_at_once_by_one_device_register_exactly_its_maximum() throws Exception {
        int requests = 2 * MAX_PER_DEVICE;
        // several rounds, each on a fresh resource: one round may happen to run the requests one after another
        for (int round = 0; round < 10; round++) {
            PressureResource resource = resource();
            List<Registration> registrations = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                registrations.add(prepare(resource, "dev-1", DEV_1_ADDRESS));
            }
            CyclicBarrier start = new CyclicBarrier(requests);
            List<Future<Response>> answers = new ArrayList<>();
            for (Registration registration : registrations) {
                answers.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return registration.handle();
                }));
            }

            long content = 0;
            for (Future<Response> answer : answers) {
                if (answer.get(10, TimeUnit.SECONDS).getCode() == ResponseCode.CONTENT) {
                    content++;
                }
            }

            assertEquals(MAX_PER_DEVICE, resource.getObserverCount(), "round " + round);
            assertEquals(MAX_PER_DEVICE, content, "round " + round);
        }
        assertEquals(10L * (requests - MAX_PER_DEVICE), counters.snapshot().observersRefused());
    }

    @Test
    void a_cancelled_observation_frees_its_place_for_the_next() {
        PressureResource resource = resource();
        List<Registration> held = new ArrayList<>();
        for (int i = 0; i < MAX_PER_DEVICE; i++) {
            Registration registration = prepare(resource, "dev-1", DEV_1_ADDRESS);
            assertEquals(ResponseCode.CONTENT, registration.handle().getCode());
            held.add(registration);
        }
        assertEquals(ResponseCode.SERVICE_UNAVAILABLE, prepare(resource, "dev-1", DEV_1_ADDRESS).handle().getCode());

        held.get(0).cancel();

        assertEquals(ResponseCode.CONTENT, prepare(resource, "dev-1", DEV_1_ADDRESS).handle().getCode());
        assertEquals(ResponseCode.SERVICE_UNAVAILABLE, prepare(resource, "dev-1", DEV_1_ADDRESS).handle().getCode());
        assertEquals(MAX_PER_DEVICE, resource.getObserverCount());
    }

    @Test
    void a_relation_cancelled_before_its_answer_gives_its_place_back() {
        PressureResource resource = resource();
        // e.g. the device cancelled, or its session was dropped, while the server was still answering
        Registration cancelled = prepare(resource, "dev-1", DEV_1_ADDRESS);
        cancelled.cancel();

        cancelled.handle();

        assertEquals(0, resource.getObserverCount());
        for (int i = 0; i < MAX_PER_DEVICE; i++) {
            assertEquals(ResponseCode.CONTENT, prepare(resource, "dev-1", DEV_1_ADDRESS).handle().getCode(),
                    "registration " + i);
        }
    }

    @Test
    void cancelling_a_revoked_devices_observations_keeps_the_others_and_frees_its_places() throws Exception {
        PressureResource resource = resource();
        for (int i = 0; i < MAX_PER_DEVICE; i++) {
            prepare(resource, "dev-1", DEV_1_ADDRESS).handle();
        }
        assertEquals(ResponseCode.CONTENT, prepare(resource, "dev-2", DEV_2_ADDRESS).handle().getCode());

        int cancelled = resource.cancelObservations(Set.of(DeviceId.of("dev-1"))).get(10, TimeUnit.SECONDS);

        assertEquals(MAX_PER_DEVICE, cancelled);
        assertEquals(1, resource.getObserverCount());
        assertEquals(ResponseCode.CONTENT, prepare(resource, "dev-1", DEV_1_ADDRESS).handle().getCode(),
                "dev-1 holds no place any more");
    }

    private PressureResource resource() {
        InMemoryReadingStore store = new InMemoryReadingStore();
        return new PressureResource(new ReadingIngest(store, Clock.fixed(T0, ZoneOffset.UTC)), store,
                principal -> Optional.of(DeviceId.of(principal.getName())), new ReadAccess(id -> false),
                Runnable::run, new ResourceLimits(PressureApi.MAX_PAYLOAD_BYTES, MAX_PER_DEVICE,
                        RateLimiter.unlimited()), counters);
    }

    /** An Observe GET of {@code identity} with a token of its own, and the relation the deliverer made for it. */
    private Registration prepare(PressureResource resource, String identity, InetSocketAddress address) {
        Request request = Request.newGet();
        request.setObserve();
        request.setToken(Token.fromProvider(new byte[] {(byte) (tokens >> 8), (byte) tokens++}));
        request.setSourceContext(new AddressEndpointContext(address, new PreSharedKeyIdentity(identity)));
        Exchange exchange = new Exchange(request, address, Origin.REMOTE, Runnable::run);
        CompletableFuture<Response> sent = new CompletableFuture<>();
        exchange.setEndpoint(endpointSending(sent));
        // as on the server: everything about one exchange runs on its own serial executor
        exchange.execute(() -> manager.addObserveRelation(exchange, resource));
        return new Registration(resource, exchange, sent);
    }

    /** The endpoint's part: the observe layer registers the relation on the first successful answer. */
    private Endpoint endpointSending(CompletableFuture<Response> sent) {
        return (Endpoint) Proxy.newProxyInstance(Endpoint.class.getClassLoader(), new Class<?>[] {Endpoint.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getConfig":
                            return config;
                        case "sendResponse":
                            Exchange exchange = (Exchange) args[0];
                            Response response = (Response) args[1];
                            ObserveRelation.onResponse(exchange.getRelation(), response);
                            sent.complete(response);
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private record Registration(PressureResource resource, Exchange exchange, CompletableFuture<Response> sent) {

        /** Cancels the relation on its exchange's executor, as Californium requires. */
        void cancel() {
            exchange.execute(() -> exchange.getRelation().cancel());
        }

        Response handle() {
            exchange.execute(() -> resource.handleRequest(exchange));
            try {
                return sent.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the resource sent no response", e);
            }
        }
    }
}
