package io.manometer.server.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import io.manometer.server.storage.InMemoryReadingStore;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.Exchange.Origin;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.junit.jupiter.api.Test;

/** {@code /pressure}'s limits from request to response, without sockets, on a clock the test moves. */
class PressureResourceLimitsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40_000);

    private final InMemoryReadingStore store = new InMemoryReadingStore();
    private final LimitCounters counters = new LimitCounters();
    private Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final PressureResource resource = new PressureResource(new ReadingIngest(store, Clock.fixed(T0,
            ZoneOffset.UTC)), store, principal -> Optional.of(DeviceId.of(principal.getName())),
            new ReadAccess(id -> false), Runnable::run,
            new ResourceLimits(256, 1, new RateLimiter(2, 3, new DelegatingClock())), counters);

    @Test
    void beyond_the_burst_a_device_gets_4_29_with_max_age_until_its_next_token() {
        for (int seq = 1; seq <= 3; seq++) {
            assertEquals(ResponseCode.CREATED, post("dev-1", seq).getCode());
        }

        Response refused = post("dev-1", 4);

        assertEquals(ResponseCode.TOO_MANY_REQUESTS, refused.getCode());
        assertEquals(1, refused.getOptions().getMaxAge());
        assertTrue(refused.getPayloadString().contains("over its request rate; retry in 1 s"),
                refused.getPayloadString());
        assertEquals(3, store.count());
        assertEquals(1, counters.snapshot().requestsRateLimited());
    }

    @Test
    void after_max_age_the_device_is_served_again_and_others_were_never_limited() {
        for (int seq = 1; seq <= 4; seq++) {
            post("dev-1", seq);
        }
        assertEquals(ResponseCode.CREATED, post("dev-2", 1).getCode());

        clock = Clock.offset(clock, Duration.ofMillis(500));

        assertEquals(ResponseCode.CREATED, post("dev-1", 5).getCode());
        assertEquals(ResponseCode.TOO_MANY_REQUESTS, post("dev-1", 6).getCode());
    }

    @Test
    void a_body_above_the_configured_limit_is_4_13_with_size1_and_counted() {
        Response tooLarge = send("dev-1", MediaTypeRegistry.TEXT_PLAIN, new byte[257]);

        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, tooLarge.getCode());
        assertEquals(256, tooLarge.getOptions().getSize1());
        assertEquals("payload of 257 bytes exceeds 256", tooLarge.getPayloadString());
        assertEquals(1, counters.snapshot().payloadsTooLarge());
    }

    @Test
    void a_get_counts_against_the_rate_like_a_post() {
        for (int seq = 1; seq <= 3; seq++) {
            post("dev-1", seq);
        }

        Request get = Request.newGet();

        assertEquals(ResponseCode.TOO_MANY_REQUESTS, handle("dev-1", get).getCode());
    }

    private Response post(String identity, long seq) {
        String json = "{\"seq\":" + seq + ",\"kPa\":101.3,\"ts\":\"2026-11-22T10:00:00Z\"}";
        return send(identity, MediaTypeRegistry.APPLICATION_JSON, json.getBytes(StandardCharsets.US_ASCII));
    }

    private Response send(String identity, int contentFormat, byte[] payload) {
        Request request = Request.newPost();
        request.getOptions().setContentFormat(contentFormat);
        request.setPayload(payload);
        return handle(identity, request);
    }

    private Response handle(String identity, Request request) {
        request.setSourceContext(new AddressEndpointContext(PEER, new PreSharedKeyIdentity(identity)));
        Exchange exchange = new Exchange(request, PEER, Origin.REMOTE, Runnable::run);
        CompletableFuture<Response> sent = new CompletableFuture<>();
        exchange.setEndpoint((Endpoint) Proxy.newProxyInstance(Endpoint.class.getClassLoader(),
                new Class<?>[] {Endpoint.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendResponse")) {
                        sent.complete((Response) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));

        resource.handleRequest(exchange);

        try {
            return sent.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the resource sent no response", e);
        }
    }

    /** Reads {@link #clock} at every call, so a test moves the limiter's time by replacing it. */
    private final class DelegatingClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }
    }
}
