package io.manometer.device.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Test;

class DeviceConfigTest {

    @Test
    void device_dtls_timers_survive_module_defaults() throws Exception {
        Configuration config = DeviceConfig.create(Optional.empty());
        assertEquals(1000L, config.get(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, TimeUnit.MILLISECONDS));
        assertEquals(8000L, config.get(DtlsConfig.DTLS_MAX_RETRANSMISSION_TIMEOUT, TimeUnit.MILLISECONDS));
        assertEquals(0, config.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH));
    }
}
