package io.manometer.server.resource;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.JsonReadingCodec;
import io.manometer.protocol.codec.SenmlReadingCodec;
import io.manometer.server.resource.ReadingIngest.Created;
import io.manometer.server.resource.ReadingIngest.ForeignDeviceException;
import io.manometer.server.resource.ReadingIngest.Result;
import io.manometer.server.storage.ReadingStore;
import io.manometer.server.storage.StoreOverloadedException;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
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
 * {@code /pressure}: devices POST readings (JSON, SenML-JSON, text) and GET the latest reading per device or one
 * device's history, as JSON or SenML, once or observed (RFC 7641). Response codes are the contract of DESIGN.md:
 * 2.01 new, 2.04 already stored, 4.00 invalid, 4.03 someone else's reading, 4.13 too large, 4.15 unsupported
 * format, 5.03 while the store is overloaded. A POST is answered only once its reading is durable.
 */
public final class PressureResource extends GuardedResource {

    private static final Logger LOGGER = LoggerFactory.getLogger(PressureResource.class);
    /** Seconds an overloaded server asks a device to wait before retrying (Max-Age of a 5.03). */
    private static final int RETRY_AFTER_SECONDS = 1;

    private final ReadingIngest ingest;
    private final ReadingStore store;
    private final PeerResolver peers;
    private final ReadAccess access;
    private final Executor notifier;
    private final JsonReadingCodec json = new JsonReadingCodec();
    private final SenmlReadingCodec senml = new SenmlReadingCodec();

    /**
     * {@code notifier} runs Observe notifications, which re-run each observer's GET; keeping them off the thread
     * that completes a write keeps the store's writer free.
     */
    public PressureResource(ReadingIngest ingest, ReadingStore store, PeerResolver peers, ReadAccess access,
            Executor notifier) {
        super(PressureApi.PATH);
        this.ingest = ingest;
        this.store = store;
        this.peers = peers;
        this.access = access;
        this.notifier = notifier;
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
            exchange.respond(ResponseCode.UNAUTHORIZED, "peer is not a registered device");
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
        if (payload.length > PressureApi.MAX_PAYLOAD_BYTES) {
            Response tooLarge = new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            tooLarge.getOptions().setSize1(PressureApi.MAX_PAYLOAD_BYTES);
            tooLarge.setPayload("payload of " + payload.length + " bytes exceeds " + PressureApi.MAX_PAYLOAD_BYTES);
            exchange.respond(tooLarge);
            return;
        }
        try {
            ingest.ingest(peer.get(), format.get(), payload)
                    .whenComplete((result, failure) -> answer(exchange, peer.get(), result, failure));
        } catch (InvalidReadingException e) {
            throw new BadRequestException(e.getMessage());
        } catch (ForeignDeviceException e) {
            exchange.respond(ResponseCode.FORBIDDEN, e.getMessage());
        }
    }

    /** Runs when the store finished: only now may the device learn that its reading is safe. */
    private void answer(CoapExchange exchange, DeviceId peer, Result result, Throwable failure) {
        if (failure == null) {
            LOGGER.debug("{} seq {} from {}: {}", result.getClass().getSimpleName(), result.reading().seq(), peer,
                    result.reading().kPa());
            if (result instanceof Created created) {
                exchange.respond(ResponseCode.CREATED);
                notifyObservers(created.reading());
            } else {
                exchange.respond(ResponseCode.CHANGED);
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
            LOGGER.debug("reading from {} not stored: {}", peer, cause.toString());
            exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR, "reading not stored: storage error");
        }
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Optional<DeviceId> peer = peer(request);
        if (peer.isEmpty()) {
            exchange.respond(ResponseCode.UNAUTHORIZED, "peer is not a registered device");
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
        if (asSenml) {
            exchange.respond(ResponseCode.CONTENT, senml.encodeAll(readings), MediaTypeRegistry.APPLICATION_SENML_JSON);
        } else {
            exchange.respond(ResponseCode.CONTENT, json.encodeAll(readings), MediaTypeRegistry.APPLICATION_JSON);
        }
    }

    /**
     * RFC 7641 §4.2: only the observers whose representation changed are notified. Like any Observe server, a
     * notification carries the current state, so an observer that is still acknowledging the previous one may
     * skip an intermediate reading (RFC 7641 §3.3: eventual consistency); the history query has them all.
     */
    private void notifyObservers(PressureReading reading) {
        if (getObserverCount() > 0) {
            notifier.execute(() -> changed(relation -> affects(relation, reading.device())));
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

    private Optional<DeviceId> peer(Request request) {
        Principal principal = request.getSourceContext().getPeerIdentity();
        return principal == null ? Optional.empty() : peers.resolve(principal);
    }
}
