package io.manometer.device.fleet;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.PressureApi;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.ProtocolScheduledExecutorService;
import org.eclipse.californium.elements.util.VirtualThreadFactory;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The fleet's DTLS client endpoints: one per device session (its own UDP port, connector and CoAP endpoint), all
 * running on one shared executor of a few threads. Each endpoint still needs a thread blocked in
 * {@code receive}; Scandium makes it virtual on JDK 21+ ({@code DTLS_RECEIVER_THREAD_COUNT = -1}), so 10,000
 * devices cost 10,000 cheap virtual threads there and 10,000 platform threads on JDK 17. Counters of closed
 * endpoints are kept, so totals cover every session of the run.
 */
final class FleetEndpoints implements AutoCloseable {

    /** How long closing waits for the shared executor's threads to end. */
    private static final long TERMINATION_MILLIS = 5_000;
    /** How long ending a session waits for its close_notify to be sent: one record, queued behind little. */
    private static final Duration CLOSE_NOTIFY_TIMEOUT = Duration.ofSeconds(1);
    /**
     * A pack of {@link PressureApi#MAX_PACK_READINGS} readings goes out as one message, never block-wise (RFC 7959):
     * Californium cancels concurrent block-wise transfers from one endpoint to one URI, so several packs in flight
     * would cancel each other. Room for the header, token and options beside the largest payload the server takes.
     * The DTLS record is then up to about 4.2 kB, one datagram on loopback; on a 1500-byte path IP fragments it.
     */
    static final int MAX_MESSAGE_SIZE = PressureApi.MAX_PAYLOAD_BYTES + 256;

    private final URI server;
    private final CredentialMode mode;
    private final Configuration configuration;
    private final ProtocolScheduledExecutorService executor;
    private final Set<ReadingPublisher> live = ConcurrentHashMap.newKeySet();
    private final LongAdder handshakesSucceeded = new LongAdder();
    private final LongAdder handshakesFailed = new LongAdder();
    private final LongAdder coapRetransmissions = new LongAdder();
    private final LongAdder flightRetransmissions = new LongAdder();
    private final LongAdder closeNotifies = new LongAdder();

    FleetEndpoints(URI server, CredentialMode mode, Configuration deviceConfiguration, int threads) {
        this.server = server;
        this.mode = mode;
        this.configuration = forFleet(deviceConfiguration);
        AtomicInteger number = new AtomicInteger();
        this.executor = ExecutorsUtil.newProtocolScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "manometer-fleet-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A copy of the device configuration for endpoints that share threads: a virtual receiver thread where the JDK
     * has them, and the (unused, since the executor is shared) per-endpoint pools at their minimum; and messages
     * large enough for any pack (see {@link #MAX_MESSAGE_SIZE}).
     */
    static Configuration forFleet(Configuration deviceConfiguration) {
        Configuration config = new Configuration(deviceConfiguration);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, -1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        config.set(CoapConfig.MAX_MESSAGE_SIZE, Math.max(MAX_MESSAGE_SIZE, config.get(CoapConfig.MAX_MESSAGE_SIZE)));
        return config;
    }

    /** {@code virtual} or {@code platform}: the kind of receiver thread Scandium starts per endpoint here. */
    static String receiverThreads() {
        return VirtualThreadFactory.isAvailable() ? "virtual" : "platform";
    }

    /** Starts a new endpoint (new port, no session yet) for {@code device}. */
    ReadingPublisher open(FleetDevice device) throws IOException {
        ReadingPublisher publisher = ReadingPublisher.onSharedExecutor(new ReadingPublisher.Settings(server, mode,
                Optional.empty(), Optional.empty(), configuration), device.credentials(), executor);
        live.add(publisher);
        try {
            publisher.start();
        } catch (IOException | RuntimeException e) {
            retire(publisher);
            throw e;
        }
        return publisher;
    }

    /**
     * Destroys an endpoint locally, without close_notify, so the server keeps the session, after adding its
     * counters to the totals.
     */
    void retire(ReadingPublisher publisher) {
        destroy(publisher);
    }

    /**
     * Ends the endpoint's session with a DTLS close_notify (waiting at most a second for it to be sent), then
     * destroys the endpoint as {@link #retire} does; the server forgets the session at once.
     */
    void close(ReadingPublisher publisher) throws InterruptedException {
        if (live.contains(publisher)) {
            if (publisher.closeSession(CLOSE_NOTIFY_TIMEOUT)) {
                closeNotifies.increment();
            }
        }
        destroy(publisher);
    }

    /** close_notify alerts sent by {@link #close}. */
    long closeNotifies() {
        return closeNotifies.sum();
    }

    private void destroy(ReadingPublisher publisher) {
        if (live.remove(publisher)) {
            PublisherCounters counters = publisher.counters();
            handshakesSucceeded.add(counters.handshakesSucceeded());
            handshakesFailed.add(counters.handshakesFailed());
            coapRetransmissions.add(counters.coapRetransmissions());
            flightRetransmissions.add(counters.dtlsFlightRetransmissions());
            publisher.close();
        }
    }

    /** Handshakes completed so far by every endpoint, open or closed; cheap enough for a progress line. */
    long handshakes() {
        long open = 0;
        for (ReadingPublisher publisher : live) {
            open += publisher.handshakes();
        }
        return handshakesSucceeded.sum() + open;
    }

    int open() {
        return live.size();
    }

    /** Totals over every endpoint of the run; call after {@link #retireAll()}. */
    Totals totals() {
        return new Totals(handshakesSucceeded.sum(), handshakesFailed.sum(), coapRetransmissions.sum(),
                flightRetransmissions.sum());
    }

    /** Closes every endpoint still open, in parallel: thousands of sockets and receiver threads to end. */
    void retireAll() {
        List<ReadingPublisher> all = new ArrayList<>(live);
        all.parallelStream().forEach(this::destroy);
    }

    @Override
    public void close() throws InterruptedException {
        retireAll();
        executor.shutdownNow();
        executor.awaitTermination(TERMINATION_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Counters summed over every endpoint. */
    record Totals(long handshakesSucceeded, long handshakesFailed, long coapRetransmissions,
            long flightRetransmissions) {
    }
}
