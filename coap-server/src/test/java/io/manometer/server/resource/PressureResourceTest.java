package io.manometer.server.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.JsonReadingCodec;
import io.manometer.protocol.codec.SenmlReadingCodec;
import io.manometer.server.storage.InMemoryReadingStore;
import io.manometer.server.storage.ReadingStore;
import io.manometer.server.storage.StoreException;
import io.manometer.server.storage.StoreOverloadedException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
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

/**
 * {@code POST /pressure} from request to response code, without sockets: each request is handed to the resource as
 * Californium's stack would hand it over, from an authenticated PSK peer, and the response the resource sends is
 * caught where the endpoint would send it.
 */
class PressureResourceTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40_000);

    private final SenmlReadingCodec senml = new SenmlReadingCodec();
    private final InMemoryReadingStore store = new InMemoryReadingStore();

    @Test
    void a_pack_of_ten_is_created_and_its_answer_counts_them() {
        Response response = post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, pack(0, 10));

        assertEquals(ResponseCode.CREATED, response.getCode());
        assertEquals(MediaTypeRegistry.APPLICATION_JSON, response.getOptions().getContentFormat());
        assertEquals("{\"stored\":10,\"duplicates\":0}", response.getPayloadString());
        assertEquals(10, store.count());
    }

    @Test
    void the_same_pack_again_is_changed_and_stores_nothing_new() {
        post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, pack(0, 10));

        Response again = post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, pack(0, 10));

        assertEquals(ResponseCode.CHANGED, again.getCode());
        assertEquals("{\"stored\":0,\"duplicates\":10}", again.getPayloadString());
        assertEquals(10, store.count());
    }

    @Test
    void a_pack_partly_stored_before_is_created_for_the_rest() {
        post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, pack(0, 4));

        Response overlapping = post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, pack(0, 10));

        assertEquals(ResponseCode.CREATED, overlapping.getCode());
        assertEquals("{\"stored\":6,\"duplicates\":4}", overlapping.getPayloadString());
        assertEquals(10, store.count());
    }

    @Test
    void a_pack_with_one_bad_reading_is_a_4_00_naming_it_and_stores_nothing() {
        String bad = new String(pack(0, 10), StandardCharsets.UTF_8).replace("\"v\":2}", "\"v\":-2}");

        Response response = post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, bytes(bad));

        assertEquals(ResponseCode.BAD_REQUEST, response.getCode());
        assertEquals("SenML reading 3 of 10: 'seq' must not be negative, got -2", response.getPayloadString());
        assertEquals(0, store.count());
    }

    @Test
    void a_pack_repeating_a_seq_is_a_4_00_and_stores_nothing() {
        byte[] repeating = senml.encodeAll(List.of(reading(DEV_1, 1), reading(DEV_1, 2), reading(DEV_1, 1)));

        Response response = post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, repeating);

        assertEquals(ResponseCode.BAD_REQUEST, response.getCode());
        assertTrue(response.getPayloadString().startsWith("SenML readings 1 and 3 of 3 are the same reading"),
                response.getPayloadString());
        assertEquals(0, store.count());
    }

    @Test
    void a_pack_with_another_devices_reading_is_a_4_03_and_stores_nothing() {
        byte[] mixed = senml.encodeAll(List.of(reading(DEV_1, 1), reading(DeviceId.of("dev-2"), 2)));

        Response response = post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, mixed);

        assertEquals(ResponseCode.FORBIDDEN, response.getCode());
        assertEquals("SenML reading 2 of 2 names device 'dev-2' but this session is authenticated as 'dev-1';"
                + " nothing was stored", response.getPayloadString());
        assertEquals(0, store.count());
    }

    @Test
    void a_pack_of_more_readings_than_the_limit_is_a_4_00_not_a_4_13() {
        // a 4.13 would make a Californium client retry the same pack block-wise (its auto failover)
        StringBuilder compact = new StringBuilder("[{\"bn\":\"dev-1/\",\"bu\":\"Pa\",\"n\":\"pressure\",\"v\":1},"
                + "{\"n\":\"seq\",\"v\":0}");
        for (int seq = 1; seq <= PressureApi.MAX_PACK_READINGS; seq++) {
            compact.append(",{\"n\":\"pressure\",\"v\":1},{\"n\":\"seq\",\"v\":").append(seq).append('}');
        }

        Response response = post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON,
                bytes(compact.append(']').toString()));

        assertEquals(ResponseCode.BAD_REQUEST, response.getCode());
        assertEquals("SenML pack holds 65 readings; at most 64 are accepted in one request",
                response.getPayloadString());
    }

    @Test
    void an_overloaded_store_is_a_5_03_with_max_age_for_the_whole_pack() {
        ReadingStore overloaded = failing(new StoreOverloadedException("write queue full"));

        Response response = post(overloaded, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, pack(0, 10));

        assertEquals(ResponseCode.SERVICE_UNAVAILABLE, response.getCode());
        assertEquals(1L, response.getOptions().getMaxAge());
    }

    @Test
    void a_failing_store_is_a_5_00_for_the_whole_pack() {
        Response response = post(failing(new StoreException("disk full")), "dev-1",
                MediaTypeRegistry.APPLICATION_SENML_JSON, pack(0, 10));

        assertEquals(ResponseCode.INTERNAL_SERVER_ERROR, response.getCode());
        assertEquals("readings not stored: storage error", response.getPayloadString());
    }

    @Test
    void a_single_senml_reading_is_a_pack_of_one_and_counted_too() {
        Response response = post(store, "dev-1", MediaTypeRegistry.APPLICATION_SENML_JSON, pack(7, 1));

        assertEquals(ResponseCode.CREATED, response.getCode());
        assertEquals("{\"stored\":1,\"duplicates\":0}", response.getPayloadString());
    }

    @Test
    void a_json_reading_is_answered_as_before_without_a_body() {
        byte[] json = new JsonReadingCodec().encode(reading(DEV_1, 7));

        Response created = post(store, "dev-1", MediaTypeRegistry.APPLICATION_JSON, json);
        Response again = post(store, "dev-1", MediaTypeRegistry.APPLICATION_JSON, json);

        assertEquals(ResponseCode.CREATED, created.getCode());
        assertEquals(0, created.getPayloadSize());
        assertEquals(ResponseCode.CHANGED, again.getCode());
        assertEquals(0, again.getPayloadSize());
    }

    @Test
    void a_request_on_a_revoked_devices_session_is_forbidden_and_an_unknown_peer_unauthorized() {
        PeerResolver revokedDev1 = new PeerResolver() {
            @Override
            public Optional<DeviceId> resolve(Principal principal) {
                return Optional.empty();
            }

            @Override
            public Optional<DeviceId> revoked(Principal principal) {
                return principal.getName().equals("dev-1") ? Optional.of(DEV_1) : Optional.empty();
            }
        };
        byte[] json = new JsonReadingCodec().encode(reading(DEV_1, 7));

        Response revoked = post(store, revokedDev1, "dev-1", MediaTypeRegistry.APPLICATION_JSON, json);
        Response unknown = post(store, revokedDev1, "dev-9", MediaTypeRegistry.APPLICATION_JSON, json);

        assertEquals(ResponseCode.FORBIDDEN, revoked.getCode());
        assertEquals("device dev-1 is revoked", revoked.getPayloadString());
        assertEquals(ResponseCode.UNAUTHORIZED, unknown.getCode());
        assertEquals(0, store.count());
    }

    private Response post(ReadingStore target, String identity, int contentFormat, byte[] payload) {
        return post(target, principal -> Optional.of(DeviceId.of(principal.getName())), identity, contentFormat,
                payload);
    }

    private Response post(ReadingStore target, PeerResolver peers, String identity, int contentFormat,
            byte[] payload) {
        PressureResource resource = new PressureResource(new ReadingIngest(target, Clock.fixed(T0, ZoneOffset.UTC)),
                target, peers, new ReadAccess(id -> false), Runnable::run);
        Request request = Request.newPost();
        request.getOptions().setContentFormat(contentFormat);
        request.setPayload(payload);
        request.setSourceContext(new AddressEndpointContext(PEER, new PreSharedKeyIdentity(identity)));
        Exchange exchange = new Exchange(request, PEER, Origin.REMOTE, Runnable::run);
        CompletableFuture<Response> sent = new CompletableFuture<>();
        exchange.setEndpoint(endpointSending(sent));

        resource.handleRequest(exchange);

        try {
            return sent.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the resource sent no response", e);
        }
    }

    /** The one thing the resource asks of the endpoint is to send its response. */
    private static Endpoint endpointSending(CompletableFuture<Response> sent) {
        return (Endpoint) Proxy.newProxyInstance(Endpoint.class.getClassLoader(), new Class<?>[] {Endpoint.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sendResponse")) {
                        sent.complete((Response) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A store whose writes all fail with {@code failure}; reads go to an empty in-memory store. */
    private static ReadingStore failing(StoreException failure) {
        ReadingStore empty = new InMemoryReadingStore();
        return (ReadingStore) Proxy.newProxyInstance(ReadingStore.class.getClassLoader(),
                new Class<?>[] {ReadingStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("store")) {
                        return CompletableFuture.failedFuture(failure);
                    }
                    try {
                        return method.invoke(empty, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A pack of {@code count} readings of dev-1 with seqs from {@code firstSeq}, as a buffering device sends it. */
    private byte[] pack(long firstSeq, int count) {
        return senml.encodeAll(LongStream.range(firstSeq, firstSeq + count).mapToObj(seq -> reading(DEV_1, seq))
                .toList());
    }

    private static PressureReading reading(DeviceId device, long seq) {
        return new PressureReading(device, seq, 100 + seq / 10.0, T0.plusSeconds(seq));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
