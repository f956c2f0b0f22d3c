package io.manometer.server.resource;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.JsonReadingCodec;
import io.manometer.protocol.codec.SenmlReadingCodec;
import io.manometer.protocol.json.JsonWriter;
import io.manometer.server.resource.ReadingIngest.ForeignDeviceException;
import io.manometer.server.resource.ReadingIngest.Receipt;
import io.manometer.server.storage.ReadingStore;
import io.manometer.server.storage.StoreOverloadedException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /pressure}: devices POST readings (JSON, text, or a SenML pack of up to 64) and GET the latest reading per
 * device or one device's history, as JSON or SenML, once or observed (RFC 7641). Response codes are the contract of
 * DESIGN.md: 2.01 something new stored, 2.04 all already stored, 4.00 invalid, 4.03 someone else's reading, 4.13
 * too large, 4.15 unsupported format, 5.03 while the store is overloaded. A POST is answered only once all its
 * readings are durable, and a SenML POST's answer counts them: {@code {"stored":7,"duplicates":3}}.
 * <p>
 * {@link ResourceLimits} add 4.29 Too Many Requests (RFC 8516) above a device's request rate, a configurable 4.13,
 * and 5.03 for an Observe request of a device that already holds its maximum of observations.
 */
public final class PressureResource extends GuardedResource {

    private static final Logger LOGGER = LoggerFactory.getLogger(PressureResource.class);
    /** Seconds an overloaded server asks a device to wait before retrying (Max-Age of a 5.03). */
    private static final int RETRY_AFTER_SECONDS = 1;
    /** Max-Age of a refused Observe: relations end when their observer cancels or stops acknowledging. */
    private static final int OBSERVE_RETRY_SECONDS = 60;

    private final ReadingIngest ingest;
    private final ReadingStore store;
    private final PeerResolver peers;
    private final ReadAccess access;
    private final Executor notifier;
    private final ResourceLimits limits;
    private final LimitCounters limitCounters;
    /** Established Observe relations and their devices, and how many each device holds. */
    private final ConcurrentHashMap<ObserveRelation, DeviceId> relations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DeviceId, Integer> observations = new ConcurrentHashMap<>();
    /** Relations that took a place in {@link #observations} and are about to be registered. */
    private final ConcurrentHashMap<ObserveRelation, DeviceId> reserved = new ConcurrentHashMap<>();
    private final JsonReadingCodec json = new JsonReadingCodec();
    private final SenmlReadingCodec senml = new SenmlReadingCodec();

    /**
     * {@code notifier} runs Observe notifications, which re-run each observer's GET; keeping them off the thread
     * that completes a write keeps the store's writer free.
     */
    public PressureResource(ReadingIngest ingest, ReadingStore store, PeerResolver peers, ReadAccess access,
            Executor notifier) {
        this(ingest, store, peers, access, notifier, ResourceLimits.none(), new LimitCounters());
    }

    /** A resource that enforces {@code limits} and counts every refusal in {@code limitCounters}. */
    public PressureResource(ReadingIngest ingest, ReadingStore store, PeerResolver peers, ReadAccess access,
            Executor notifier, ResourceLimits limits, LimitCounters limitCounters) {
        super(PressureApi.PATH);
        this.ingest = ingest;
        this.store = store;
        this.peers = peers;
        this.access = access;
        this.notifier = notifier;
        this.limits = limits;
        this.limitCounters = limitCounters;
        setObservable(true);
        // confirmable notifications: an observer learns of a lost notification instead of silently missing a reading
        setObserveType(Type.CON);
        getAttributes().setTitle("Pressure readings");
        getAttributes().addResourceType("manometer.pressure");
        getAttributes().setObservable();
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_JSON);
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_SENML_JSON);
        getAttributes().addContentType(MediaTypeRegistry.TEXT_PLAIN);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Optional<DeviceId> peer = peer(request);
        if (peer.isEmpty()) {
            refuseUnknown(exchange, request);
            return;
        }
        if (rateLimited(exchange, peer.get())) {
            return;
        }
        int number = request.getOptions().getContentFormat();
        Optional<ContentFormat> format = ContentFormat.fromNumber(number);
        if (format.isEmpty()) {
            exchange.respond(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, (number == MediaTypeRegistry.UNDEFINED
                    ? "missing Content-Format" : "unsupported Content-Format " + number)
                    + ": use application/json (50), application/senml+json (110) or text/plain (0)");
            return;
        }
        byte[] payload = request.getPayload();
        int maxPayload = limits.maxPayloadBytes();
        if (payload.length > maxPayload) {
            limitCounters.payloadTooLarge();
            Response tooLarge = new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            tooLarge.getOptions().setSize1(maxPayload);
            tooLarge.setPayload("payload of " + payload.length + " bytes exceeds " + maxPayload);
            exchange.respond(tooLarge);
            return;
        }
        try {
            ingest.ingest(peer.get(), format.get(), payload)
                    .whenComplete((receipt, failure) -> answer(exchange, peer.get(), format.get(), receipt, failure));
        } catch (InvalidReadingException e) {
            throw new BadRequestException(e.getMessage());
        } catch (ForeignDeviceException e) {
            exchange.respond(ResponseCode.FORBIDDEN, e.getMessage());
        }
    }

    /** Runs when the store finished: only now may the device learn that its readings are safe. */
    private void answer(CoapExchange exchange, DeviceId peer, ContentFormat format, Receipt receipt,
            Throwable failure) {
        if (failure == null) {
            int created = receipt.created();
            if (LOGGER.isDebugEnabled()) {
                // guarded: the arguments box and allocate on every POST even when DEBUG is off
                LOGGER.debug("{} of {} readings from {} new, first seq {}", created, receipt.results().size(), peer,
                        receipt.results().get(0).reading().seq());
            }
            ResponseCode code = created > 0 ? ResponseCode.CREATED : ResponseCode.CHANGED;
            if (format == ContentFormat.SENML_JSON) {
                exchange.respond(code, counts(created, receipt.results().size() - created),
                        MediaTypeRegistry.APPLICATION_JSON);
            } else {
                exchange.respond(code);
            }
            if (created > 0) {
                notifyObservers(peer);
            }
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StoreOverloadedException) {
            exchange.setMaxAge(RETRY_AFTER_SECONDS);
            exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "server busy storing readings; retry in "
                    + RETRY_AFTER_SECONDS + " s");
        } else {
            LOGGER.debug("readings from {} not stored: {}", peer, cause.toString());
            exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR, "readings not stored: storage error");
        }
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Optional<DeviceId> peer = peer(request);
        if (peer.isEmpty()) {
            refuseUnknown(exchange, request);
            return;
        }
        ObserveRelation relation = exchange.advanced().getRelation();
        boolean notification = relation != null && relation.isEstablished();
        // a notification re-runs this GET for an observer that asked once; only the device's own requests count
        if (!notification && rateLimited(exchange, peer.get())) {
            return;
        }
        int accept = request.getOptions().getAccept();
        boolean asSenml = accept == MediaTypeRegistry.APPLICATION_SENML_JSON;
        if (accept != MediaTypeRegistry.UNDEFINED && accept != MediaTypeRegistry.APPLICATION_JSON && !asSenml) {
            exchange.respond(ResponseCode.NOT_ACCEPTABLE,
                    "readings are served as application/json (50) or application/senml+json (110)");
            return;
        }
        HistoryQuery query = HistoryQuery.parse(request.getOptions().getUriQueryStrings());
        if (query.device().isPresent() && !access.mayRead(peer.get(), query.device().get())) {
            exchange.respond(ResponseCode.FORBIDDEN, "device '" + peer.get() + "' may read only its own readings"
                    + " (observers, listed in the server's observers.txt, read all)");
            return;
        }
        List<PressureReading> readings = query.device()
                .map(device -> store.history(device, query.limit()))
                .orElseGet(() -> access.visible(peer.get(), store.latest()));
        // the last check before the answer: a place among the device's observations is taken here and the 2.05
        // that registers the relation follows at once (see addObserveRelation)
        if (!notification && observationRefused(exchange, peer.get())) {
            return;
        }
        try {
            if (asSenml) {
                exchange.respond(ResponseCode.CONTENT, senml.encodeAll(readings),
                        MediaTypeRegistry.APPLICATION_SENML_JSON);
            } else {
                exchange.respond(ResponseCode.CONTENT, json.encodeAll(readings), MediaTypeRegistry.APPLICATION_JSON);
            }
        } finally {
            // the answer ran the registration on this thread (the exchange's executor); a place it did not use
            // (the relation was cancelled meanwhile) is given back
            if (relation != null && reserved.remove(relation) != null) {
                release(peer.get());
            }
        }
    }

    /**
     * RFC 8516: 4.29 with Max-Age = seconds until the device's next token is free, and a diagnostic saying so. The
     * device's CoAP retransmissions are not requests here: the deduplicator answers them (RFC 7252 §4.5).
     */
    private boolean rateLimited(CoapExchange exchange, DeviceId peer) {
        long wait = limits.rate().acquire(peer);
        if (wait == RateLimiter.ALLOWED) {
            return false;
        }
        limitCounters.rateLimited();
        long seconds = RateLimiter.retryAfterSeconds(wait);
        LOGGER.debug("4.29 for {}: over its request rate, retry in {} s", peer, seconds);
        exchange.setMaxAge(seconds);
        exchange.respond(ResponseCode.TOO_MANY_REQUESTS, "device '" + peer + "' is over its request rate; retry in "
                + seconds + " s (send several readings per request as a SenML pack)");
        return true;
    }

    /**
     * An Observe registration beyond the server-wide limit was already turned into a plain GET by Californium
     * (RFC 7641 §4.1: no relation, no Observe option in the answer); it is only counted here. One beyond the
     * device's own limit is answered 5.03, so the device learns why instead of waiting for notifications.
     */
    private boolean observationRefused(CoapExchange exchange, DeviceId peer) {
        Request request = exchange.advanced().getRequest();
        if (!request.getOptions().hasObserve() || request.getOptions().getObserve() != 0) {
            return false;
        }
        ObserveRelation relation = exchange.advanced().getRelation();
        if (relation == null) {
            limitCounters.observerNotRegistered();
            return false;
        }
        int max = limits.maxObserversPerDevice();
        if (reserve(peer)) {
            reserved.put(relation, peer);
            return false;
        }
        limitCounters.observerRefused();
        exchange.setMaxAge(OBSERVE_RETRY_SECONDS);
        exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "device '" + peer + "' already observes " + max
                + " queries (the limit); cancel one first");
        return true;
    }

    /**
     * Cancels the Observe relations of {@code devices}, which have just been revoked: they would otherwise stay
     * registered, filtered, holding their place in the observer limits until their observer stopped acknowledging.
     * Each is cancelled on its exchange's executor, as Californium requires; the future completes with how many
     * were cancelled once all are. ({@code clearAndNotifyObserveRelations(filter, code)} of Californium 4.0.0-M6
     * cancels the relations its filter does <em>not</em> select, so it cannot be used here.)
     */
    public CompletableFuture<Integer> cancelObservations(Set<DeviceId> devices) {
        List<CompletableFuture<Void>> cancelled = new ArrayList<>();
        relations.forEach((relation, device) -> {
            if (devices.contains(device)) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                relation.getExchange().execute(() -> {
                    try {
                        relation.cancel();
                    } finally {
                        done.complete(null);
                    }
                });
                cancelled.add(done);
            }
        });
        return CompletableFuture.allOf(cancelled.toArray(CompletableFuture[]::new)).thenApply(v -> cancelled.size());
    }

    /**
     * Counts the relation for its device: {@link #observationRefused} took its place already (checked and counted
     * in one step, so two Observe requests of one device handled at once cannot both pass at the limit).
     */
    @Override
    public void addObserveRelation(ObserveRelation relation) {
        super.addObserveRelation(relation);
        DeviceId reservedFor = reserved.remove(relation);
        if (reservedFor != null) {
            relations.put(relation, reservedFor);
            return;
        }
        Optional<DeviceId> peer = peer(relation.getExchange().getRequest());
        if (peer.isPresent() && relations.putIfAbsent(relation, peer.get()) == null) {
            observations.merge(peer.get(), 1, Integer::sum);
        }
    }

    /** Gives a place back; a device at 0 is dropped, so the map holds only devices that observe something. */
    private void release(DeviceId peer) {
        observations.computeIfPresent(peer, (id, count) -> count > 1 ? count - 1 : null);
    }

    /** One more relation for {@code peer}, if it is below its maximum; atomic per device. */
    private boolean reserve(DeviceId peer) {
        int max = limits.maxObserversPerDevice();
        boolean[] reserved = {false};
        observations.compute(peer, (id, count) -> {
            int now = count == null ? 0 : count;
            if (max == 0 || now < max) {
                reserved[0] = true;
                return now + 1;
            }
            return count;
        });
        return reserved[0];
    }

    @Override
    public void removeObserveRelation(ObserveRelation relation) {
        super.removeObserveRelation(relation);
        DeviceId peer = relations.remove(relation);
        if (peer != null) {
            release(peer);
        }
    }

    /** The body of a SenML POST's answer, e.g. {@code {"stored":7,"duplicates":3}}. */
    static byte[] counts(int created, int alreadyStored) {
        return new JsonWriter().beginObject().name("stored").value(created).name("duplicates").value(alreadyStored)
                .endObject().toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * RFC 7641 §4.2: only the observers whose representation changed are notified, once per POST however many
     * readings it stored. A notification carries the current state, so it shows the whole pack (the history query
     * lists every reading, the latest query the newest), and an observer that is still acknowledging the previous
     * one may skip an intermediate state (RFC 7641 §3.3: eventual consistency).
     */
    private void notifyObservers(DeviceId owner) {
        if (getObserverCount() > 0) {
            notifier.execute(() -> changed(relation -> affects(relation, owner)));
        }
    }

    private boolean affects(ObserveRelation relation, DeviceId owner) {
        Request request = relation.getExchange().getRequest();
        Optional<DeviceId> observer = peer(request);
        if (observer.isEmpty() || !access.mayRead(observer.get(), owner)) {
            return false;
        }
        try {
            Optional<DeviceId> device = HistoryQuery.parse(request.getOptions().getUriQueryStrings()).device();
            return device.isEmpty() || device.get().equals(owner);
        } catch (BadRequestException e) {
            return false;
        }
    }

    /** 4.03 for a revoked device, 4.01 for any other peer the registry does not know. */
    private void refuseUnknown(CoapExchange exchange, Request request) {
        Principal principal = request.getSourceContext().getPeerIdentity();
        Optional<DeviceId> revoked = principal == null ? Optional.empty() : peers.revoked(principal);
        if (revoked.isPresent()) {
            exchange.respond(ResponseCode.FORBIDDEN, "device " + revoked.get() + " is revoked");
        } else {
            exchange.respond(ResponseCode.UNAUTHORIZED, "peer is not a registered device");
        }
    }

    private Optional<DeviceId> peer(Request request) {
        Principal principal = request.getSourceContext().getPeerIdentity();
        return principal == null ? Optional.empty() : peers.resolve(principal);
    }
}
