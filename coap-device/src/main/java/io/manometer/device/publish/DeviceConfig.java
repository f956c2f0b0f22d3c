package io.manometer.device.publish;

import io.manometer.cli.PropertiesOverrides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.Configuration.ModuleDefinitionsProvider;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.TimeDefinition;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * A device's Californium {@link Configuration}: CoAP timers at the RFC 7252 defaults (ACK_TIMEOUT 2 s,
 * ACK_RANDOM_FACTOR 1.5, MAX_RETRANSMIT 4), DTLS flights starting at RFC 6347's 1 s, plus
 * {@code MANOMETER_DEVICE.*}. Tests pass a copy with short timers; nothing is global.
 */
public final class DeviceConfig {

    public static final String MODULE = "MANOMETER_DEVICE.";

    /**
     * Safety net for one reading: CoAP gives up after MAX_TRANSMIT_WAIT (93 s with RFC timers) and DTLS after its
     * last flight, so this only fires if both stacks somehow stay silent.
     */
    public static final TimeDefinition RESPONSE_TIMEOUT = new TimeDefinition(MODULE + "RESPONSE_TIMEOUT",
            "Longest wait for the outcome of one reading, handshake included.", 150, TimeUnit.SECONDS);

    /**
     * Fleet runs only: how long the requests still out when a phase ends may take before they are cancelled and
     * counted as unfinished, so a run ends on time even when the server has vanished.
     */
    public static final TimeDefinition FLEET_DRAIN_TIME = new TimeDefinition(MODULE + "FLEET_DRAIN_TIME",
            "Fleet: longest wait for outstanding requests after a phase ends.", 10, TimeUnit.SECONDS);

    public static final ModuleDefinitionsProvider DEFINITIONS = new ModuleDefinitionsProvider() {
        @Override
        public String getModule() {
            return MODULE;
        }

        @Override
        public void applyDefinitions(Configuration config) {
            config.set(RESPONSE_TIMEOUT, 150, TimeUnit.SECONDS);
            config.set(FLEET_DRAIN_TIME, 10, TimeUnit.SECONDS);
        }
    };

    private DeviceConfig() {
    }

    public static Configuration create(Optional<Path> propertiesFile) throws IOException {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS,
                UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS, DEFINITIONS);
        applyDeviceDefaults(config);
        return PropertiesOverrides.apply(config, propertiesFile);
    }

    /**
     * Our choices for Californium's own settings. Set after construction: modules apply their defaults in no fixed
     * order, so setting another module's key inside {@link #DEFINITIONS} could be overwritten.
     */
    private static void applyDeviceDefaults(Configuration config) {
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1, TimeUnit.SECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 4);
        // RFC 6347 allows doubling up to 60 s; capping at 8 s lets a refused device give up in about 24 s
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, 8, TimeUnit.SECONDS);
        // support the server's connection id (RFC 9146) without asking for one of our own
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 4);
    }
}
