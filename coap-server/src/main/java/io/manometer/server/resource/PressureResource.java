package io.manometer.server.resource;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.JsonReadingCodec;
import io.manometer.server.resource.ReadingIngest.AlreadyStored;
import io.manometer.server.resource.ReadingIngest.Created;
import io.manometer.server.resource.ReadingIngest.ForeignDeviceException;
import io.manometer.server.resource.ReadingIngest.Result;
import io.manometer.server.storage.ReadingStore;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /pressure}: devices POST readings (JSON, SenML-JSON, text) and anyone authenticated GETs the latest
 * reading per device or one device's history. Response codes are the contract of DESIGN.md: 2.01 new, 2.04 already
 * stored, 4.00 invalid, 4.03 someone else's reading, 4.13 too large, 4.15 unsupported format.
 */
public final class PressureResource extends GuardedResource {

    private static final Logger LOGGER = LoggerFactory.getLogger(PressureResource.class);

    private final ReadingIngest ingest;
    private final ReadingStore store;
    private final PeerResolver peers;
    private final JsonReadingCodec json = new JsonReadingCodec();

    public PressureResource(ReadingIngest ingest, ReadingStore store, PeerResolver peers) {
        super(PressureApi.PATH);
        this.ingest = ingest;
        this.store = store;
        this.peers = peers;
        getAttributes().setTitle("Pressure readings");
        getAttributes().addResourceType("manometer.pressure");
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_JSON);
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_SENML_JSON);
        getAttributes().addContentType(MediaTypeRegistry.TEXT_PLAIN);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        Optional<DeviceId> peer = peer(request.getSourceContext().getPeerIdentity());
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
            Result result = ingest.ingest(peer.get(), format.get(), payload);
            LOGGER.debug("{} seq {} from {}: {}", result.getClass().getSimpleName(), result.reading().seq(),
                    peer.get(), result.reading().kPa());
            if (result instanceof Created) {
                exchange.respond(ResponseCode.CREATED);
            } else if (result instanceof AlreadyStored) {
                exchange.respond(ResponseCode.CHANGED);
            }
        } catch (InvalidReadingException e) {
            throw new BadRequestException(e.getMessage());
        } catch (ForeignDeviceException e) {
            exchange.respond(ResponseCode.FORBIDDEN, e.getMessage());
        }
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        if (peer(request.getSourceContext().getPeerIdentity()).isEmpty()) {
            exchange.respond(ResponseCode.UNAUTHORIZED, "peer is not a registered device");
            return;
        }
        int accept = request.getOptions().getAccept();
        if (accept != MediaTypeRegistry.UNDEFINED && accept != MediaTypeRegistry.APPLICATION_JSON) {
            exchange.respond(ResponseCode.NOT_ACCEPTABLE, "readings are served as application/json (50)");
            return;
        }
        HistoryQuery query = HistoryQuery.parse(request.getOptions().getUriQueryStrings());
        List<PressureReading> readings = query.device()
                .map(device -> store.history(device, query.limit()))
                .orElseGet(store::latest);
        exchange.respond(ResponseCode.CONTENT, json.encodeAll(readings), MediaTypeRegistry.APPLICATION_JSON);
    }

    private Optional<DeviceId> peer(Principal principal) {
        return principal == null ? Optional.empty() : peers.resolve(principal);
    }
}
