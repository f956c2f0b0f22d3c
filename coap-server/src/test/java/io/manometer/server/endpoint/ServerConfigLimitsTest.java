package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.PressureApi;
import io.manometer.server.resource.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits' defaults, as README's Limits table states them, and their overrides from a properties file. */
class ServerConfigLimitsTest {

    @Test
    void defaults_are_the_documented_ones() throws Exception {
        Configuration config = ServerConfig.create(Optional.empty());

        assertTrue(config.get(DtlsConfig.DTLS_MAX_CONNECTIONS) >= 100_000, "the bench holds 100k idle sessions");
        assertEquals(1000, config.get(ServerConfig.MAX_PENDING_HANDSHAKES));
        assertEquals(20.0, config.get(ServerConfig.REQUEST_RATE));
        assertEquals(40, config.get(ServerConfig.REQUEST_BURST));
        assertEquals(PressureApi.MAX_PAYLOAD_BYTES, config.get(ServerConfig.MAX_PAYLOAD));
        assertEquals(2 * PressureApi.MAX_PAYLOAD_BYTES, config.get(CoapConfig.MAX_RESOURCE_BODY_SIZE));
        assertEquals(ServerConfig.MAX_OBSERVERS, config.get(CoapConfig.MAX_SERVER_OBSERVES));
        assertEquals(8, config.get(ServerConfig.MAX_OBSERVERS_PER_DEVICE));
        assertTrue(ServerConfig.resourceLimits(config, Clock.systemUTC()).rate().isEnabled());
    }

    @Test
    void the_properties_file_overrides_limits_and_the_body_size_follows_the_payload(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "MANOMETER_SERVER.MAX_PAYLOAD=1024\nMANOMETER_SERVER.REQUEST_RATE=0.5\n"
                + "MANOMETER_SERVER.MAX_PENDING_HANDSHAKES=10\nDTLS.MAX_CONNECTIONS=3\n");

        Configuration config = ServerConfig.create(Optional.of(file));
        ResourceLimits limits = ServerConfig.resourceLimits(config, Clock.systemUTC());

        assertEquals(1024, limits.maxPayloadBytes());
        assertEquals(2048, config.get(CoapConfig.MAX_RESOURCE_BODY_SIZE));
        assertEquals(0.5, config.get(ServerConfig.REQUEST_RATE));
        assertEquals(10, config.get(ServerConfig.MAX_PENDING_HANDSHAKES));
        assertEquals(3, config.get(DtlsConfig.DTLS_MAX_CONNECTIONS));
    }

    @Test
    void load_generators_switch_the_rate_off() throws Exception {
        Configuration config = ServerConfig.withoutRequestRate(ServerConfig.create(Optional.empty()));

        assertFalse(ServerConfig.resourceLimits(config, Clock.systemUTC()).rate().isEnabled());
    }
}
