package io.manometer.device.publish;

import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.ReadingCodec;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MessageObserver;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.Bytes;
import org.eclipse.californium.elements.util.ProtocolScheduledExecutorService;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.TlsKeyLog;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * A device's connection to the server: one DTLS client endpoint in one credential mode, sending confirmable
 * requests and reporting each outcome with its retransmissions and round-trip time. Every request completes its
 * future exactly once: with a response, a timeout, or an explained failure.
 * <pre>
 *  publish(reading) ── CON POST /pressure ──▶ server
 *        ▲                 (retransmitted per RFC 7252 §4.2)
 *        └── Answered(2.01|2.04|4.xx, retransmissions, rtt) | Failed(reason)
 * </pre>
 */
public final class ReadingPublisher implements AutoCloseable {

    /** RFC 7252 §6.2: the default port of coaps. */
    private static final int COAPS_PORT = 5684;

    /** What the publisher needs: who it is, how it authenticates, where it sends. */
    public record Settings(URI server, CredentialMode mode, Optional<CipherSuite> cipherSuite,
            Optional<TlsKeyLog> keyLog, Configuration configuration) {
    }

    private final Settings settings;
    private final DeviceCredentials credentials;
    private final HandshakeWatcher watcher = new HandshakeWatcher();
    private final RequestTally tally = new RequestTally();
    private final FailureExplainer explainer;
    private final AtomicReference<EndpointContext> lastContext = new AtomicReference<>();
    /** Runs the connector and the endpoint when shared by many publishers; empty: each starts its own threads. */
    private final Optional<ProtocolScheduledExecutorService> sharedExecutor;
    private CoapEndpoint endpoint;

    public ReadingPublisher(Settings settings, DeviceCredentials credentials) {
        this(settings, credentials, Optional.empty());
    }

    private ReadingPublisher(Settings settings, DeviceCredentials credentials,
            Optional<ProtocolScheduledExecutorService> sharedExecutor) {
        this.settings = settings;
        this.credentials = credentials;
        this.sharedExecutor = sharedExecutor;
        this.explainer = new FailureExplainer(settings.mode(), credentials.id(), settings.server().toString());
    }

    /**
     * A publisher whose DTLS connector and CoAP endpoint run their work on {@code executor}, shared with other
     * publishers: thousands of simulated devices then need a few threads instead of a pool each. {@link #close()}
     * leaves the executor running; its owner shuts it down after the last publisher is closed.
     */
    public static ReadingPublisher onSharedExecutor(Settings settings, DeviceCredentials credentials,
            ProtocolScheduledExecutorService executor) {
        return new ReadingPublisher(settings, credentials, Optional.of(executor));
    }

    public synchronized void start() throws IOException {
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(settings.configuration())
                .setAddress(localAddress(settings.server()))
                .setLoggingTag(credentials.id().value())
                .setSessionListener(watcher);
        DeviceDtls.configure(dtls, credentials, settings.mode(), settings.cipherSuite());
        settings.keyLog().ifPresent(dtls::setTlsKeyLog);
        DTLSConnector connector = new DTLSConnector(dtls.build());
        sharedExecutor.ifPresent(connector::setExecutor);
        endpoint = new CoapEndpoint.Builder()
                .setConfiguration(settings.configuration())
                .setConnector(connector)
                .build();
        sharedExecutor.ifPresent(endpoint::setExecutor);
        endpoint.start();
    }

    /** POSTs one reading as a confirmable request in the given content format. */
    public CompletableFuture<PublishResult> publish(PressureReading reading, ContentFormat format) {
        Request request = Request.newPost();
        request.setURI(resourceUri(""));
        request.getOptions().setContentFormat(format.number());
        request.setPayload(ReadingCodec.forFormat(format).encode(reading));
        return send(request);
    }

    /** GETs {@code /pressure} with an optional query such as {@code device=dev-1&limit=5}. */
    public CompletableFuture<PublishResult> get(String query) {
        Request request = Request.newGet();
        request.setURI(resourceUri(query));
        return send(request);
    }

    /** An active observation; closing it cancels the relation at the server (RFC 7641 §3.6). */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Observes {@code GET /pressure} with an optional query (RFC 7641): the first answer and every notification go
     * to {@code listener}, on a Californium thread, until the returned subscription is closed.
     */
    public Subscription observe(String query, Consumer<PublishResult.Answered> listener) {
        CoapClient client = new CoapClient(resourceUri(query));
        client.setEndpoint(requireStarted());
        CoapObserveRelation relation = client.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                listener.accept(answered(response.advanced(), 0, 0));
            }

            @Override
            public void onError() {
                // a failed registration or a cancelled relation: the listener simply hears nothing more
            }
        });
        return () -> {
            relation.proactiveCancel();
            client.shutdown();
        };
    }

    /** Sends any request to the server; for tests and tools that need to send what a device normally would not. */
    public CompletableFuture<PublishResult> send(Request request) {
        CoapEndpoint target = requireStarted();
        CompletableFuture<PublishResult> result = new CompletableFuture<>();
        AtomicInteger retransmissions = new AtomicInteger();
        AtomicLong lastSentNanos = new AtomicLong(System.nanoTime());
        request.addMessageObserver(new MessageObserver() {
            @Override
            public void onSent(boolean retransmission) {
                lastSentNanos.set(System.nanoTime());
            }

            @Override
            public void onRetransmission() {
                retransmissions.incrementAndGet();
                tally.retransmitted();
            }

            @Override
            public void onResponse(Response response) {
                lastContext.set(response.getSourceContext());
                double rtt = (System.nanoTime() - lastSentNanos.get()) / 1e6;
                result.complete(answered(response, retransmissions.get(), rtt));
            }

            @Override
            public void onTimeout() {
                result.complete(new PublishResult.Failed("no response from " + settings.server() + " after "
                        + retransmissions.get() + " retransmissions", FailureKind.TIMEOUT, retransmissions.get()));
            }

            @Override
            public void onReject() {
                result.complete(new PublishResult.Failed("server rejected the request (CoAP reset)",
                        FailureKind.LOCAL_ERROR, retransmissions.get()));
            }

            @Override
            public void onCancel() {
                result.complete(new PublishResult.Failed("request cancelled", FailureKind.LOCAL_ERROR,
                        retransmissions.get()));
            }

            @Override
            public void onSendError(Throwable error) {
                result.complete(explainer.explain(error, retransmissions.get()));
            }
        });
        long timeout = settings.configuration().get(DeviceConfig.RESPONSE_TIMEOUT, TimeUnit.MILLISECONDS);
        tally.sent();
        request.send(target);
        return result.completeOnTimeout(new PublishResult.Failed("no outcome within " + timeout + " ms",
                FailureKind.TIMEOUT, retransmissions.get()), timeout, TimeUnit.MILLISECONDS)
                .whenComplete((outcome, failure) -> {
                    tally.outcome(outcome);
                    request.cancel();
                });
    }

    /** The session as of the last response; empty before the first answer. */
    public Optional<SessionInfo> session() {
        EndpointContext context = lastContext.get();
        if (context == null) {
            return Optional.empty();
        }
        String cipher = context.getString(DtlsEndpointContext.KEY_CIPHER);
        Bytes writeCid = context.get(DtlsEndpointContext.KEY_WRITE_CONNECTION_ID);
        boolean cid = writeCid != null && !writeCid.isEmpty();
        List<String> identity = ServerIdentity.describe(context.getPeerIdentity());
        return Optional.of(new SessionInfo("DTLSv1.2", cipher == null ? "?" : cipher, identity,
                watcher.lastHandshakeMillis(), watcher.flightRetransmissions(), cid));
    }

    /** Full handshakes completed by this publisher. */
    public int handshakes() {
        return watcher.handshakes();
    }

    /**
     * Requests, retransmissions, outcomes and handshakes since this publisher was constructed; cheap, from any
     * thread. A request's outcome is counted before its future completes.
     */
    public PublisherCounters counters() {
        return tally.counters(watcher);
    }

    /**
     * Ends the DTLS session with a close_notify alert (RFC 5246 §7.2.1), so that the server forgets it at once, and
     * waits at most {@code timeout} for the alert to leave the socket; true if it did. The endpoint stays open.
     * Some peers (libcoap 4.3.1) need it: they ignore a ClientHello from a port they still hold a session with.
     */
    public boolean closeSession(Duration timeout) throws InterruptedException {
        if (!(requireStarted().getConnector() instanceof DTLSConnector connector)) {
            return false;
        }
        URI uri = settings.server();
        InetSocketAddress server = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? COAPS_PORT : uri.getPort());
        try {
            connector.close(server);
            // a connection runs its jobs in order, so a job queued behind the close runs after the alert was sent
            Future<Void> sent = connector.startForEach(connection -> false);
            sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (endpoint != null) {
            endpoint.destroy();
            endpoint = null;
        }
    }

    private synchronized CoapEndpoint requireStarted() {
        if (endpoint == null) {
            throw new IllegalStateException("publisher not started");
        }
        return endpoint;
    }

    /** Talking to a loopback server, stay on loopback; otherwise any local address of the server's family. */
    private static InetSocketAddress localAddress(URI server) throws IOException {
        InetAddress remote = InetAddress.getByName(server.getHost());
        if (remote.isLoopbackAddress()) {
            return new InetSocketAddress(remote instanceof Inet6Address ? InetAddress.getByName("::1")
                    : InetAddress.getByName("127.0.0.1"), 0);
        }
        return new InetSocketAddress(remote instanceof Inet6Address ? InetAddress.getByName("::")
                : InetAddress.getByName("0.0.0.0"), 0);
    }

    private String resourceUri(String query) {
        String base = settings.server().toString().replaceAll("/+$", "") + "/" + PressureApi.PATH;
        return query.isEmpty() ? base : base + "?" + query;
    }

    private static PublishResult.Answered answered(Response response, int retransmissions, double rtt) {
        ResponseCode code = response.getCode();
        boolean stored = code == ResponseCode.CREATED || code == ResponseCode.CHANGED;
        String diagnostic = code.isSuccess() ? "" : new String(response.getPayload(), StandardCharsets.UTF_8);
        return new PublishResult.Answered(code.text, stored, diagnostic, response.getPayload(), retransmissions, rtt);
    }
}
