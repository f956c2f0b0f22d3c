package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.device.publish.SessionInfo;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * One of our devices (a {@link ReadingPublisher}, as the device CLI runs it) pointed at a foreign server. Its timers
 * are short, so a refused handshake ends in about a second instead of 24 s (STYLE.md §13):
 * <pre>
 *   DTLS flight: 200 ms, 400 ms, 400 ms  -&gt; gives up after ~1 s
 *   CoAP CON:    200 ms, 400 ms, 800 ms  -&gt; gives up after ~1.4 s
 * </pre>
 */
final class OurDevice implements AutoCloseable {

    private static final Duration OUTCOME_BOUND = Duration.ofSeconds(20);
    private static final Instant EPOCH = Instant.parse("2026-11-22T10:00:00Z");

    private final DeviceId id;
    private final ReadingPublisher publisher;

    private OurDevice(DeviceId id, ReadingPublisher publisher) {
        this.id = id;
        this.publisher = publisher;
    }

    /** A started device with the credentials of {@code id} for {@code mode}, loaded as the device CLI loads them. */
    static OurDevice start(CredentialsLayout layout, String id, CredentialMode mode, URI server) {
        DeviceId device = DeviceId.of(id);
        try {
            ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(server, mode,
                    Optional.empty(), Optional.empty(), shortTimers()),
                    DeviceDtls.loadCredentials(layout, device, mode));
            publisher.start();
            return new OurDevice(device, publisher);
        } catch (CredentialsException e) {
            throw new IllegalStateException("cannot load credentials of " + id, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PressureReading reading(long seq, double kPa) {
        return new PressureReading(id, seq, kPa, EPOCH.plusSeconds(seq));
    }

    /** POSTs {@code reading} as JSON; returns the answer or the failure. */
    PublishResult publish(PressureReading reading) {
        return await(publisher.publish(reading, ContentFormat.JSON));
    }

    /** POSTs {@code reading} and expects an answer. */
    Answered post(PressureReading reading) {
        PublishResult result = publish(reading);
        return assertInstanceOf(Answered.class, result, () -> id + " expected an answer, got " + result);
    }

    /** GETs {@code /pressure} from the server and expects an answer. */
    Answered get() {
        PublishResult result = await(publisher.get(""));
        return assertInstanceOf(Answered.class, result, () -> id + " expected an answer, got " + result);
    }

    SessionInfo session() {
        return publisher.session().orElseGet(() -> fail(id + " has no session"));
    }

    @Override
    public void close() {
        publisher.close();
    }

    private PublishResult await(CompletableFuture<PublishResult> request) {
        try {
            return request.get(OUTCOME_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail(id + ": no outcome within " + OUTCOME_BOUND);
        } catch (ExecutionException e) {
            return fail(id + ": request failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(id + ": interrupted");
        }
    }

    private static Configuration shortTimers() {
        Configuration config;
        try {
            config = DeviceConfig.create(Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 200, TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, 400, TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
        config.set(CoapConfig.ACK_TIMEOUT, 200, TimeUnit.MILLISECONDS);
        config.set(CoapConfig.ACK_INIT_RANDOM, 1.0f);
        config.set(CoapConfig.MAX_RETRANSMIT, 2);
        config.set(DeviceConfig.RESPONSE_TIMEOUT, 10, TimeUnit.SECONDS);
        return config;
    }
}
