package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void server_cid_and_body_limit_survive_module_defaults() throws Exception {
        Configuration config = ServerConfig.create(Optional.empty());
        assertEquals(ServerConfig.CID_LENGTH, config.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH));
        assertEquals(8192, config.get(CoapConfig.MAX_RESOURCE_BODY_SIZE));
        assertEquals("psk,ecdhe-psk,rpk,x509", config.get(ServerConfig.MODES));
    }

    @Test
    void every_core_gets_a_handshake_thread_besides_scandiums_timer_thread() {
        assertEquals(3, ServerConfig.connectorThreads(2));
        assertEquals(2, ServerConfig.connectorThreads(1));
        assertEquals(2, ServerConfig.connectorThreads(0));
    }

    @Test
    void the_dtls_limits_hold_a_100k_fleet_and_bursts() throws Exception {
        Configuration config = ServerConfig.create(Optional.empty());

        assertTrue(config.get(DtlsConfig.DTLS_MAX_CONNECTIONS) >= 100_000);
        assertEquals(30, config.get(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, TimeUnit.MINUTES));
        assertEquals(1 << 20, config.get(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE));
        assertEquals(1 << 20, config.get(DtlsConfig.DTLS_SEND_BUFFER_SIZE));
        assertEquals(ServerConfig.connectorThreads(Runtime.getRuntime().availableProcessors()),
                config.get(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT));
    }

    @Test
    void a_properties_file_overrides_the_dtls_limits() throws Exception {
        Path file = Files.writeString(dir.resolve("server.properties"), """
                DTLS.CONNECTOR_THREAD_COUNT=5
                DTLS.MAX_CONNECTIONS=1000
                DTLS.RECEIVE_BUFFER_SIZE=65536
                DTLS.STALE_CONNECTION_THRESHOLD=5[min]
                """);

        Configuration config = ServerConfig.create(Optional.of(file));

        assertEquals(5, config.get(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT));
        assertEquals(1000, config.get(DtlsConfig.DTLS_MAX_CONNECTIONS));
        assertEquals(65536, config.get(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE));
        assertEquals(5, config.get(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, TimeUnit.MINUTES));
    }
}
