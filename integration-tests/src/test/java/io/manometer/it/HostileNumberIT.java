package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JSON numbers may carry any exponent ({@code 1e999999999} is 11 bytes), and exact decimal arithmetic on them can
 * cost gigabytes or minutes. A payload of a few dozen bytes must still get a short 4.00 at once and leave the server
 * serving; these are the numbers that would find out if it did not.
 */
class HostileNumberIT {

    /** Far longer than any honest diagnostic, far shorter than the number written out. */
    private static final int SHORT_DIAGNOSTIC = 200;

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1");

    private Device device;

    @BeforeEach
    void device() {
        device = server.device("dev-1", CredentialMode.PSK);
    }

    @Test
    void kpa_with_a_huge_exponent_gets_a_short_4_00() {
        assertShortBadRequest(MediaTypeRegistry.APPLICATION_JSON, "{\"seq\":1,\"kPa\":1e999999999}");
    }

    @Test
    void seq_with_a_large_exponent_gets_a_short_4_00() {
        assertShortBadRequest(MediaTypeRegistry.APPLICATION_JSON, "{\"seq\":1e100000,\"kPa\":101.3}");
    }

    @Test
    void seq_with_a_huge_exponent_gets_a_short_4_00() {
        assertShortBadRequest(MediaTypeRegistry.APPLICATION_JSON, "{\"seq\":1e999999999,\"kPa\":101.3}");
    }

    @Test
    void seq_with_a_huge_negative_exponent_gets_a_short_4_00() {
        assertShortBadRequest(MediaTypeRegistry.APPLICATION_JSON, "{\"seq\":1.5e-999999999,\"kPa\":101.3}");
    }

    @Test
    void senml_base_time_with_a_huge_exponent_gets_a_short_4_00() {
        assertShortBadRequest(MediaTypeRegistry.APPLICATION_SENML_JSON,
                "[{\"bn\":\"dev-1/\",\"bt\":1e999999999,\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325}]");
    }

    @Test
    void senml_time_offset_with_a_huge_exponent_gets_a_short_4_00() {
        assertShortBadRequest(MediaTypeRegistry.APPLICATION_SENML_JSON,
                "[{\"bn\":\"dev-1/\",\"bt\":1795341600,\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325,"
                        + "\"t\":1e999999999}]");
    }

    @Test
    void senml_time_offset_with_a_large_exponent_gets_a_short_4_00() {
        assertShortBadRequest(MediaTypeRegistry.APPLICATION_SENML_JSON,
                "[{\"bn\":\"dev-1/\",\"bt\":1795341600,\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325,"
                        + "\"t\":1e10000000}]");
    }

    private void assertShortBadRequest(int contentFormat, String payload) {
        Answered answer = device.postRaw(contentFormat, payload.getBytes(StandardCharsets.UTF_8));

        assertEquals("4.00", answer.code(), answer.diagnostic());
        assertTrue(answer.diagnostic().length() < SHORT_DIAGNOSTIC,
                "diagnostic of " + answer.diagnostic().length() + " characters");
        assertEquals(0, server.store().count());
        Answered valid = device.post(device.reading(1, 101.325));
        assertEquals("2.01", valid.code(), "a valid reading afterwards: " + valid.diagnostic());
    }
}
