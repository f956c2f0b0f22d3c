package io.manometer.device.fleet;

import io.manometer.credentials.DeviceCredentials;
import io.manometer.device.sensor.PressureSensor;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.ReadingCodec;
import io.manometer.protocol.codec.SenmlReadingCodec;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;

/**
 * One simulated device of a fleet: its identity and credentials, a seeded sensor and time-based seqs, and the
 * requests it sends. The endpoint it sends them through belongs to {@link FleetEndpoints}; one device may have
 * several over a run (one per session).
 */
final class FleetDevice {

    private static final ReadingCodec JSON = ReadingCodec.forFormat(ContentFormat.JSON);
    private static final SenmlReadingCodec SENML = new SenmlReadingCodec();
    /**
     * The longest reading a fleet device writes, for sizing packs: its sensor walks within a few kPa of 101.325
     * (six digits of Pa, 999.999 kPa allows for far more), and a time-based seq has 16 digits until the year 2286.
     */
    private static final double WIDEST_KPA = 999.999;
    private static final long WIDEST_SEQ = 9_999_999_999_999_999L;
    private static final Instant WIDEST_TS = Instant.parse("2286-11-20T17:46:39.999Z");

    private final DeviceCredentials credentials;
    private final Clock clock;
    private final SeqAllocator seqs;
    private final PressureSensor sensor;
    private final String resource;

    FleetDevice(DeviceCredentials credentials, URI server, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
        this.seqs = new SeqAllocator(clock::millis);
        // seeded by the id, so a device reports the same values in every run
        this.sensor = new PressureSensor(credentials.id().value().hashCode());
        this.resource = server.toString().replaceAll("/+$", "") + "/" + PressureApi.PATH;
    }

    DeviceId id() {
        return credentials.id();
    }

    DeviceCredentials credentials() {
        return credentials;
    }

    /**
     * A confirmable POST of {@code batch} new readings: one JSON reading, or one compact SenML pack (RFC 8428) of
     * several, small enough to go out as one message (see {@link #maxBatch}).
     * With {@code fullHandshake}, the DTLS layer first runs a new full handshake (new randoms, new keys, full
     * certificate checks) instead of using the session it has.
     */
    Request post(int batch, boolean fullHandshake) {
        List<PressureReading> readings = take(batch);
        Request request = Request.newPost();
        request.setURI(resource);
        if (batch == 1) {
            request.getOptions().setContentFormat(ContentFormat.JSON.number());
            request.setPayload(JSON.encode(readings.get(0)));
        } else {
            request.getOptions().setContentFormat(ContentFormat.SENML_JSON.number());
            request.setPayload(SENML.encodeCompact(readings));
        }
        if (fullHandshake) {
            request.setDestinationContext(MapBasedEndpointContext.addEntries(request.getDestinationContext(),
                    new MapBasedEndpointContext.Attributes().add(DtlsEndpointContext.KEY_HANDSHAKE_MODE,
                            DtlsEndpointContext.HANDSHAKE_MODE_FORCE_FULL)));
        }
        return request;
    }

    /**
     * The most readings one POST of device {@code id} can carry in one CoAP message: a compact pack of the widest
     * readings the device writes within the server's {@link PressureApi#MAX_PAYLOAD_BYTES} and at most
     * {@link PressureApi#MAX_PACK_READINGS}. Above that the server answers 4.13 or 4.00, or a Californium client
     * goes block-wise (RFC 7959), whose transfers to one URI cancel each other when several are in flight.
     */
    static int maxBatch(DeviceId id) {
        List<PressureReading> pack = new ArrayList<>(PressureApi.MAX_PACK_READINGS);
        int fitting = 0;
        while (fitting < PressureApi.MAX_PACK_READINGS) {
            pack.add(new PressureReading(id, WIDEST_SEQ, WIDEST_KPA, WIDEST_TS));
            if (SENML.encodeCompact(pack).length > PressureApi.MAX_PAYLOAD_BYTES) {
                break;
            }
            fitting++;
        }
        return fitting;
    }

    /**
     * The request that connects a device without storing anything: a GET of its own latest reading, which needs
     * the handshake like any request but leaves the store as it was.
     */
    Request connect() {
        Request request = Request.newGet();
        request.setURI(resource + "?device=" + id().value() + "&limit=1");
        return request;
    }

    private synchronized List<PressureReading> take(int batch) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<PressureReading> readings = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            readings.add(new PressureReading(id(), seqs.next(), sensor.read(), now));
        }
        return readings;
    }
}
