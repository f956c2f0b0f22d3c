package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.device.publish.PublishResult.Failed;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.device.publish.SessionInfo;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.JsonReadingCodec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;

/**
 * A simulated device as a test drives it: a started {@link ReadingPublisher} whose every request is awaited with a
 * bound, so a broken server fails the test instead of hanging it, and whose answers read as assertions.
 */
public final class Device implements AutoCloseable {

    /** Longer than any outcome the short test timers allow (a refused handshake ends in about 1 s). */
    static final Duration OUTCOME_BOUND = Duration.ofSeconds(20);
    /** Readings get timestamps from a fixed instant, so a round trip can compare them exactly. */
    static final Instant EPOCH = Instant.parse("2026-11-22T10:00:00Z");

    private final DeviceId id;
    private final URI server;
    private final ReadingPublisher publisher;
    private final List<CompletableFuture<PublishResult>> requests = new ArrayList<>();
    private final List<Observation> observations = new ArrayList<>();

    Device(DeviceId id, URI server, ReadingPublisher publisher) {
        this.id = id;
        this.server = server;
        this.publisher = publisher;
    }

    public DeviceId id() {
        return id;
    }

    /** A reading of this device taken {@code seq} seconds after {@link #EPOCH}. */
    public PressureReading reading(long seq, double kPa) {
        return new PressureReading(id, seq, kPa, EPOCH.plusSeconds(seq));
    }

    /** POSTs {@code reading} and expects the server to answer (with any code). */
    public Answered post(PressureReading reading, ContentFormat format) {
        return answered(publish(reading, format));
    }

    /** POSTs a reading as JSON and expects the server to answer. */
    public Answered post(PressureReading reading) {
        return post(reading, ContentFormat.JSON);
    }

    /** POSTs arbitrary bytes with an arbitrary Content-Format number, as a buggy or hostile device would. */
    public Answered postRaw(int contentFormat, byte[] payload) {
        Request request = Request.newPost();
        request.setURI(server + "/" + PressureApi.PATH);
        if (contentFormat != MediaTypeRegistry.UNDEFINED) {
            request.getOptions().setContentFormat(contentFormat);
        }
        request.setPayload(payload);
        return send(request);
    }

    /** Sends a hand-made request to the server and expects an answer. */
    public Answered send(Request request) {
        return answered(await(publisher.send(request)));
    }

    /** GETs {@code /pressure} with {@code query} (may be empty) and expects an answer. */
    public Answered get(String query) {
        return answered(await(publisher.get(query)));
    }

    /** GETs {@code /pressure?query}, expects 2.05 and decodes the readings. */
    public List<PressureReading> readings(String query) {
        Answered answer = get(query);
        if (!"2.05".equals(answer.code())) {
            fail("GET /pressure?" + query + " answered " + answer.code() + " " + answer.diagnostic());
        }
        try {
            return new JsonReadingCodec().decodeAll(answer.payload());
        } catch (InvalidReadingException e) {
            return fail("GET /pressure?" + query + " returned an undecodable body: " + e.getMessage());
        }
    }

    /** Observes {@code /pressure?query} (query may be empty); closed with the device. */
    public Observation observe(String query) {
        Observation observation = new Observation(publisher, query);
        observations.add(observation);
        return observation;
    }

    /** DTLS handshakes this device completed so far. */
    public int handshakes() {
        return publisher.handshakes();
    }

    /** What this device's publisher counted so far: requests, retransmissions, outcomes, handshakes. */
    public PublisherCounters counters() {
        return publisher.counters();
    }

    /** POSTs {@code reading} and returns whatever came of it, answer or failure. */
    public PublishResult publish(PressureReading reading, ContentFormat format) {
        return await(publisher.publish(reading, format));
    }

    /** POSTs {@code reading} and expects no answer at all (e.g. the handshake was refused). */
    public Failed publishExpectingFailure(PressureReading reading) {
        PublishResult result = publish(reading, ContentFormat.JSON);
        return assertInstanceOf(Failed.class, result, () -> id + " expected a failure, got " + describe(result));
    }

    public SessionInfo session() {
        return publisher.session().orElseGet(() -> fail(id + " has no session yet"));
    }

    /** Requests sent whose outcome never arrived; a finished test has none. */
    long unfinishedRequests() {
        synchronized (requests) {
            return requests.stream().filter(request -> !request.isDone()).count();
        }
    }

    @Override
    public void close() {
        observations.forEach(Observation::close);
        publisher.close();
    }

    private PublishResult await(CompletableFuture<PublishResult> request) {
        synchronized (requests) {
            requests.add(request);
        }
        try {
            return request.get(OUTCOME_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail(id + ": no outcome within " + OUTCOME_BOUND);
        } catch (ExecutionException e) {
            return fail(id + ": request failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(id + ": interrupted while waiting for an outcome");
        }
    }

    private Answered answered(PublishResult result) {
        return assertInstanceOf(Answered.class, result, () -> id + " expected an answer, got " + describe(result));
    }

    static String describe(PublishResult result) {
        if (result instanceof Answered answer) {
            return "answer " + answer.code() + " '" + answer.diagnostic() + "'";
        }
        Failed failure = (Failed) result;
        return "failure " + failure.kind() + ": " + failure.reason();
    }
}
