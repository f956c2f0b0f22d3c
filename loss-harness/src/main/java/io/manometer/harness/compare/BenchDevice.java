package io.manometer.harness.compare;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.DeviceConfig;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.PressureApi;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * A fresh device for one measurement: a new {@link ReadingPublisher}, so a new DTLS connector with a new port, new
 * client random and an empty session cache, exactly what a device has after a reboot. Its first POST starts a full
 * handshake; Scandium sends the request only once the handshake is done, so the moment it is sent
 * ({@code MessageObserver.onSent}) ends the handshake as the device experiences it.
 */
final class BenchDevice implements AutoCloseable {

    /** text/plain in kPa: the server assigns seq and time, so every request has the same size. */
    static final String READING = "101.325";

    /** One request: when it was handed to the stack, when it left (the handshake before it done), its outcome. */
    record Exchange(long startNanos, CompletableFuture<Long> sentNanos, CompletableFuture<PublishResult> result) {

        /** Milliseconds from the request to its departure, or empty if it never left within {@code bound}. */
        Optional<Double> handshakeMillis(Duration bound) throws InterruptedException {
            CompletableFuture<Object> first = CompletableFuture.anyOf(sentNanos, result);
            try {
                first.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return Optional.empty();
            }
            Long sent = sentNanos.getNow(null);
            return sent == null ? Optional.empty() : Optional.of((sent - startNanos) / 1e6);
        }

        /** The response, or an exception naming what went wrong. */
        PublishResult.Answered answer(Duration bound) throws InterruptedException {
            PublishResult outcome;
            try {
                outcome = result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("no outcome within " + bound.toMillis() + " ms", e);
            }
            if (outcome instanceof PublishResult.Answered answered && answered.acknowledged()) {
                return answered;
            }
            throw new IllegalStateException("the reading was not stored: " + outcome);
        }
    }

    /** How long a cancelled request may take to report its end before the device is closed anyway. */
    private static final Duration CANCEL_BOUND = Duration.ofSeconds(1);

    private final ReadingPublisher publisher;
    private final URI server;
    private final List<Request> requests = new ArrayList<>();
    private final List<CompletableFuture<PublishResult>> results = new ArrayList<>();

    private BenchDevice(ReadingPublisher publisher, URI server) {
        this.publisher = publisher;
        this.server = server;
    }

    /** Starts a device; its DTLS connector runs one receiver and one worker thread, as a small device would. */
    static BenchDevice start(URI server, CredentialMode mode, Profile profile, BenchCredentials credentials)
            throws IOException, CredentialsException {
        Configuration config = profile.applyToDevice(DeviceConfig.create(Optional.empty()), mode);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(server, mode,
                profile.cipherSuite(mode), Optional.empty(), config), credentials.device(mode));
        try {
            publisher.start();
        } catch (IOException | RuntimeException e) {
            publisher.close();
            throw e;
        }
        return new BenchDevice(publisher, server);
    }

    /** POSTs a reading as a confirmable request; the first one starts the full handshake. */
    Exchange post() {
        return post(Optional.empty(), Type.CON);
    }

    /**
     * POSTs a reading as a non-confirmable request (RFC 7252 §4.3): for measuring the handshake alone, since a
     * request nobody waits for should not leave CoAP retransmission timers running when the device is closed.
     */
    Exchange postForHandshakeOnly() {
        return post(Optional.empty(), Type.NON);
    }

    /**
     * POSTs a reading that first makes Scandium resume the session (an abbreviated handshake, RFC 5246 §7.3), or
     * run a full handshake if the server gave no session id to resume.
     */
    Exchange postResuming() {
        return post(Optional.of(DtlsEndpointContext.HANDSHAKE_MODE_FORCE), Type.CON);
    }

    /** POSTs a reading after a new full handshake on the same connector, as a reconnecting device would. */
    Exchange postWithFullHandshake() {
        return post(Optional.of(DtlsEndpointContext.HANDSHAKE_MODE_FORCE_FULL), Type.CON);
    }

    PublisherCounters counters() {
        return publisher.counters();
    }

    /**
     * Cancels what is still in flight, waits (briefly) until CoAP has let go of it, then closes the connector: a
     * request still being retransmitted would otherwise find its executor gone.
     */
    @Override
    public void close() {
        requests.forEach(Request::cancel);
        try {
            CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
                    .get(CANCEL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway; the worst case is a log line from Californium
        }
        publisher.close();
    }

    private Exchange post(Optional<String> handshakeMode, Type type) {
        Request request = Request.newPost();
        request.setType(type);
        request.setURI(server.toString() + "/" + PressureApi.PATH);
        request.getOptions().setContentFormat(ContentFormat.TEXT_PLAIN.number());
        request.setPayload(READING);
        handshakeMode.ifPresent(mode -> request.setDestinationContext(MapBasedEndpointContext.addEntries(
                request.getDestinationContext(), new MapBasedEndpointContext.Attributes()
                        .add(DtlsEndpointContext.KEY_HANDSHAKE_MODE, mode))));
        CompletableFuture<Long> sent = new CompletableFuture<>();
        request.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onSent(boolean retransmission) {
                sent.complete(System.nanoTime());
            }

            @Override
            protected void failed() {
                sent.completeExceptionally(new IllegalStateException("the request was never sent"));
            }
        });
        long start = System.nanoTime();
        CompletableFuture<PublishResult> result = publisher.send(request);
        requests.add(request);
        results.add(result);
        return new Exchange(start, sent, result);
    }
}
