package io.manometer.server.endpoint;

import io.manometer.cli.PropertiesOverrides;
import io.manometer.protocol.PressureApi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.Configuration.ModuleDefinitionsProvider;
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

    /** Connection ids (RFC 9146) let a device keep its session when a NAT changes its address. */
    public static final int CID_LENGTH = 6;

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
        return PropertiesOverrides.apply(config, propertiesFile);
    }
}
