package io.manometer.server.endpoint;

import io.manometer.cli.PropertiesOverrides;
import io.manometer.protocol.PressureApi;
import io.manometer.server.resource.RateLimiter;
import io.manometer.server.resource.ResourceLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.Configuration.ModuleDefinitionsProvider;
import org.eclipse.californium.elements.config.DoubleDefinition;
import org.eclipse.californium.elements.config.IntegerDefinition;
import org.eclipse.californium.elements.config.StringDefinition;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.TimeDefinition;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The server's Californium {@link Configuration}: Californium's own modules plus {@code MANOMETER_SERVER.*}, with
 * our defaults in code, optional overrides from a {@code .properties} file, and command-line flags applied last by
 * the caller. It is always passed explicitly; nothing here touches Californium's global standard configuration.
 */
public final class ServerConfig {

    public static final String MODULE = "MANOMETER_SERVER.";

    public static final StringDefinition BIND = new StringDefinition(MODULE + "BIND",
            "Address the DTLS endpoint binds to.", "127.0.0.1");
    public static final IntegerDefinition PORT = new IntegerDefinition(MODULE + "PORT",
            "UDP port of the DTLS endpoint (5684 is coaps; 0 picks a free port).", 5684, 0);
    public static final TimeDefinition DTLS_STATE_MAX_AGE = new TimeDefinition(MODULE + "DTLS_STATE_MAX_AGE",
            "Oldest saved DTLS state (and longest-idle connection in it) restored on start; 0 turns saving off.",
            1, TimeUnit.HOURS);
    public static final StringDefinition MODES = new StringDefinition(MODULE + "MODES",
            "Credential modes accepted, comma-separated: psk, ecdhe-psk, rpk, x509.", "psk,ecdhe-psk,rpk,x509");

    /**
     * Handshakes in progress at once; 0 = no limit. A handshake holds a handshaker and its flights (with ECDHE and
     * certificates, a key pair and a chain), and 2 cores finish a few hundred per second, so 1000 admits a whole
     * reconnect burst within a device's first DTLS retransmission while bounding memory to a few tens of MiB.
     */
    public static final IntegerDefinition MAX_PENDING_HANDSHAKES = new IntegerDefinition(MODULE
            + "MAX_PENDING_HANDSHAKES", "DTLS handshakes in progress at once; further ClientHellos with a cookie are"
            + " dropped (the device retransmits). 0 = no limit.", 1000, 0);
    /**
     * Requests per second one device may send on average; 0 = no limit. A sensor reporting every second needs 1;
     * 20 leaves room for a device catching up on a backlog, while one device can take at most a few percent of
     * what 2 cores ingest.
     */
    public static final DoubleDefinition REQUEST_RATE = new DoubleDefinition(MODULE + "REQUEST_RATE",
            "Requests per second per device (token bucket); above it, 4.29 with Max-Age. 0 = no limit.", 20.0, 0.0);
    /** Requests one device may send at once before {@link #REQUEST_RATE} applies: a reconnect's backlog of 40. */
    public static final IntegerDefinition REQUEST_BURST = new IntegerDefinition(MODULE + "REQUEST_BURST",
            "Requests per device allowed at once before REQUEST_RATE applies (token bucket size).", 40, 1);
    /** Largest POST body; see {@link PressureApi#MAX_PAYLOAD_BYTES}. */
    public static final IntegerDefinition MAX_PAYLOAD = new IntegerDefinition(MODULE + "MAX_PAYLOAD",
            "Largest POST body in bytes; larger ones get 4.13 with Size1. COAP.MAX_RESOURCE_BODY_SIZE follows it.",
            PressureApi.MAX_PAYLOAD_BYTES, 128);
    /** Observations one device may hold: a dashboard watches a handful of queries, a sensor none. */
    public static final IntegerDefinition MAX_OBSERVERS_PER_DEVICE = new IntegerDefinition(MODULE
            + "MAX_OBSERVERS_PER_DEVICE", "Observe relations one device may hold; beyond it 5.03. 0 = no limit.", 8,
            0);

    /**
     * Observe relations on the server ({@code COAP.MAX_SERVER_OBSERVES}); beyond it Californium serves the GET
     * without registering (RFC 7641 §4.1). Every stored reading re-runs the query of each observer it concerns, so
     * observers cost store reads per POST; 10,000 is far more dashboards than a fleet needs.
     */
    public static final int MAX_OBSERVERS = 10_000;

    /** Connection ids (RFC 9146) let a device keep its session when a NAT changes its address. */
    public static final int CID_LENGTH = 6;

    /**
     * DTLS sessions kept at once ({@code DTLS.MAX_CONNECTIONS}): a fleet of 100,000 devices fits with room for
     * sessions that devices abandoned by rebooting onto a new port. Nothing is allocated up front; an idle PSK session
     * costs about 1.6 KiB of heap, so the limit also bounds the heap at about 250 MiB.
     */
    public static final int MAX_CONNECTIONS = 150_000;

    /**
     * Idle time after which a session may be evicted, oldest first, once {@link #MAX_CONNECTIONS} are in use
     * ({@code DTLS.STALE_CONNECTION_THRESHOLD}); longer than any sensible reporting interval.
     */
    public static final Duration STALE_CONNECTION_THRESHOLD = Duration.ofMinutes(30);

    /**
     * UDP receive buffer of the DTLS socket ({@code DTLS.RECEIVE_BUFFER_SIZE}): about a thousand datagrams, so a burst
     * of reconnecting devices queues instead of being dropped (Linux' default holds ~200). The kernel caps it at
     * {@code net.core.rmem_max}.
     */
    public static final int RECEIVE_BUFFER_BYTES = 1 << 20;

    /** UDP send buffer of the DTLS socket ({@code DTLS.SEND_BUFFER_SIZE}); capped at {@code net.core.wmem_max}. */
    public static final int SEND_BUFFER_BYTES = 1 << 20;

    public static final ModuleDefinitionsProvider DEFINITIONS = new ModuleDefinitionsProvider() {
        @Override
        public String getModule() {
            return MODULE;
        }

        @Override
        public void applyDefinitions(Configuration config) {
            config.set(BIND, BIND.getDefaultValue());
            config.set(PORT, PORT.getDefaultValue());
            config.set(MODES, MODES.getDefaultValue());
            config.set(DTLS_STATE_MAX_AGE, DTLS_STATE_MAX_AGE.getDefaultValue(), TimeUnit.NANOSECONDS);
            config.set(MAX_PENDING_HANDSHAKES, MAX_PENDING_HANDSHAKES.getDefaultValue());
            config.set(REQUEST_RATE, REQUEST_RATE.getDefaultValue());
            config.set(REQUEST_BURST, REQUEST_BURST.getDefaultValue());
            config.set(MAX_PAYLOAD, MAX_PAYLOAD.getDefaultValue());
            config.set(MAX_OBSERVERS_PER_DEVICE, MAX_OBSERVERS_PER_DEVICE.getDefaultValue());
        }
    };

    private ServerConfig() {
    }

    /** Defaults, then the properties file if given. */
    public static Configuration create(Optional<Path> propertiesFile) throws IOException {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS,
                UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS, DEFINITIONS);
        // set after construction: modules apply their defaults in no fixed order and would overwrite these
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 2 * PressureApi.MAX_PAYLOAD_BYTES);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, CID_LENGTH);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1, TimeUnit.SECONDS);
        int cores = Runtime.getRuntime().availableProcessors();
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, connectorThreads(cores));
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, MAX_CONNECTIONS);
        config.set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, STALE_CONNECTION_THRESHOLD.toSeconds(),
                TimeUnit.SECONDS);
        config.set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, RECEIVE_BUFFER_BYTES);
        config.set(DtlsConfig.DTLS_SEND_BUFFER_SIZE, SEND_BUFFER_BYTES);
        config.set(CoapConfig.MAX_SERVER_OBSERVES, MAX_OBSERVERS);
        Configuration configured = PropertiesOverrides.apply(config, propertiesFile);
        setMaxPayload(configured, configured.get(MAX_PAYLOAD));
        return configured;
    }

    /**
     * Sets {@link #MAX_PAYLOAD} and Californium's {@code COAP.MAX_RESOURCE_BODY_SIZE} with it: twice the limit, so a
     * block-wise body somewhat too large still reaches the resource and gets its 4.13 with Size1 and a diagnostic,
     * while a far larger one is refused by the block-wise layer before it is buffered (RFC 7959 §2.9.3).
     */
    public static void setMaxPayload(Configuration config, int bytes) {
        config.set(MAX_PAYLOAD, bytes);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 2 * config.get(MAX_PAYLOAD));
    }

    /** The per-device request rate off, for in-process load generators (bench, fleet tests, the loss harness). */
    public static Configuration withoutRequestRate(Configuration config) {
        config.set(REQUEST_RATE, 0.0);
        return config;
    }

    /** What {@code /pressure} enforces under {@code config}; {@code clock} refills the rate buckets. */
    public static ResourceLimits resourceLimits(Configuration config, Clock clock) {
        return new ResourceLimits(config.get(MAX_PAYLOAD), config.get(MAX_OBSERVERS_PER_DEVICE),
                new RateLimiter(config.get(REQUEST_RATE), config.get(REQUEST_BURST), clock));
    }

    /**
     * Scandium's connector pool keeps one of its threads for timers and runs handshakes and records on the others,
     * so its default of one thread per core leaves a 2-core server with a single thread for all cryptography. One
     * more than the cores lets every core do handshakes ({@code DTLS.CONNECTOR_THREAD_COUNT}).
     */
    static int connectorThreads(int cores) {
        return Math.max(1, cores) + 1;
    }
}
