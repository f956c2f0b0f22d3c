package io.manometer.server.endpoint;

import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.ServerCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.ServerDtls;
import io.manometer.server.resource.LimitCounters;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DtlsDatagramFilter;
import org.eclipse.californium.scandium.TlsKeyLog;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

/**
 * Builds the server's only endpoint: CoAP over DTLS 1.2 (coaps), accepting every enabled credential mode on one
 * port. Plain CoAP is never offered, so there is no way to post a reading without authenticating.
 */
public final class SecureEndpointFactory {

    /** Names the connector's connections in a saved {@link DtlsStateFile}. */
    public static final String SERIALIZATION_LABEL = "manometer-dtls";

    private SecureEndpointFactory() {
    }

    /**
     * The endpoint, counting into {@code counters}: handshakes and record drops through Scandium's health hooks,
     * replayed records at the connector, CoAP requests and responses through a post-process interceptor.
     * Californium's default record filter ({@code DTLS.USE_DEFAULT_RECORD_FILTER}, with its MAC error filter) is
     * left in place.
     */
    public static CoapEndpoint create(Configuration config, InetSocketAddress bind, ServerCredentials credentials,
            DeviceRegistry registry, Set<CredentialMode> modes, Optional<TlsKeyLog> keyLog, ServerCounters counters) {
        return create(config, bind, credentials, registry, modes, keyLog, counters, new LimitCounters());
    }

    /**
     * The endpoint, also bounding the handshakes in progress ({@code MANOMETER_SERVER.MAX_PENDING_HANDSHAKES}) and
     * counting the ClientHellos that bound drops into {@code limits}. The limit filter wraps Californium's default
     * record filter, so that stays in place as long as {@code DTLS.USE_DEFAULT_RECORD_FILTER} says so.
     */
    public static CoapEndpoint create(Configuration config, InetSocketAddress bind, ServerCredentials credentials,
            DeviceRegistry registry, Set<CredentialMode> modes, Optional<TlsKeyLog> keyLog, ServerCounters counters,
            LimitCounters limits) {
        PendingHandshakeLimit pendingLimit = new PendingHandshakeLimit(config.get(ServerConfig.MAX_PENDING_HANDSHAKES),
                config.get(DtlsConfig.DTLS_USE_DEFAULT_RECORD_FILTER) ? new DtlsDatagramFilter(config) : null, limits);
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .setLoggingTag("server")
                // a fixed label, not the default "dtls://host:port", so saved state loads after a port change too
                .setSerializationLabel(SERIALIZATION_LABEL)
                .setHealthHandler(new CountingDtlsHealth(counters))
                .setDatagramFilter(pendingLimit);
        ServerDtls.configure(dtls, credentials, registry, modes);
        keyLog.ifPresent(dtls::setTlsKeyLog);
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(new ReplayCountingDtlsConnector(dtls.build(), counters, pendingLimit.listener()))
                .build();
        endpoint.addInterceptor(new Size1Guard(config.get(CoapConfig.MAX_RESOURCE_BODY_SIZE)));
        endpoint.addPostProcessInterceptor(new CountingMessageInterceptor(counters));
        return endpoint;
    }
}
