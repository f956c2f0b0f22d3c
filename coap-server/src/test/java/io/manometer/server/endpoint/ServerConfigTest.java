package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void server_cid_and_body_limit_survive_module_defaults() throws Exception {
        Configuration config = ServerConfig.create(Optional.empty());
        assertEquals(ServerConfig.CID_LENGTH, config.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH));
        assertEquals(8192, config.get(CoapConfig.MAX_RESOURCE_BODY_SIZE));
        assertEquals("psk,ecdhe-psk,rpk,x509", config.get(ServerConfig.MODES));
    }
}
