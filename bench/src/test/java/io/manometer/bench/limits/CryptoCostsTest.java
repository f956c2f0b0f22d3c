package io.manometer.bench.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import org.junit.jupiter.api.Test;

class CryptoCostsTest {

    private final CryptoCosts costs = new CryptoCosts(100, 200, 150, 250, 2);

    @Test
    void each_mode_adds_up_the_operations_its_server_runs() {
        assertTrue(costs.handshakeMicros(CredentialMode.PSK).isEmpty());
        assertEquals(300, costs.handshakeMicros(CredentialMode.ECDHE_PSK).getAsDouble());
        assertEquals(700, costs.handshakeMicros(CredentialMode.RPK).getAsDouble());
        assertEquals(950, costs.handshakeMicros(CredentialMode.X509).getAsDouble());
    }

    @Test
    void the_bound_is_cores_over_the_cost() {
        assertEquals(2e6 / 950, costs.handshakesPerSecondBound(CredentialMode.X509).getAsDouble(), 1e-9);
        assertTrue(costs.handshakesPerSecondBound(CredentialMode.PSK).isEmpty());
    }
}
