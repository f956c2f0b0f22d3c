package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The main path in every credential mode: a device POSTs a JSON reading over DTLS, the server stores it once and
 * serves it back, and the session uses the RFC 7925 cipher suite of that mode (§4.2 PSK, §4.3 RPK, §4.4 X.509).
 */
class ReadingRoundTripIT {

    private static final Map<CredentialMode, String> RFC_7925_SUITES = Map.of(
            CredentialMode.PSK, "TLS_PSK_WITH_AES_128_CCM_8",
            CredentialMode.ECDHE_PSK, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256",
            CredentialMode.RPK, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
            CredentialMode.X509, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2");

    @ParameterizedTest(name = "{0}")
    @EnumSource(CredentialMode.class)
    void device_posts_a_json_reading_gets_2_01_and_reads_it_back(CredentialMode mode) {
        Device device = server.device("dev-1", mode);
        PressureReading reading = device.reading(42, 101.325);

        Answered answer = device.post(reading);

        assertEquals("2.01", answer.code(), answer.diagnostic());
        assertEquals(List.of(reading), server.store().history(DeviceId.of("dev-1"), 10));
        assertEquals(List.of(reading), device.readings("device=dev-1&limit=5"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CredentialMode.class)
    void session_uses_the_rfc_7925_cipher_suite_of_the_mode(CredentialMode mode) {
        Device device = server.device("dev-2", mode);

        assertEquals("2.01", device.post(device.reading(1, 99.5)).code());

        assertEquals(RFC_7925_SUITES.get(mode), device.session().cipherSuite());
    }
}
