package io.manometer.credentials.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.TestCredentials;
import io.manometer.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DeviceDtlsTest {

    @ParameterizedTest
    @EnumSource(CredentialMode.class)
    void without_an_override_a_device_offers_its_mode_defaults(CredentialMode mode) {
        assertEquals(mode.defaultSuites(), DeviceDtls.cipherSuites(mode, Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource({
        "PSK,       TLS_PSK_WITH_AES_128_CBC_SHA256",
        "PSK,       TLS_PSK_WITH_AES_128_GCM_SHA256",
        "ECDHE_PSK, TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
        "RPK,       TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "X509,      TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"
    })
    void an_override_that_fits_the_mode_is_the_only_suite_offered(CredentialMode mode, CipherSuite suite) {
        assertEquals(List.of(suite), DeviceDtls.cipherSuites(mode, Optional.of(suite)));
    }

    @ParameterizedTest
    @CsvSource({
        "PSK,       TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
        "PSK,       TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256",
        "ECDHE_PSK, TLS_PSK_WITH_AES_128_CCM_8",
        "ECDHE_PSK, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
        "RPK,       TLS_PSK_WITH_AES_128_CCM_8",
        "X509,      TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
        "X509,      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "X509,      TLS_NULL_WITH_NULL_NULL"
    })
    void an_override_that_does_not_fit_the_mode_is_refused(CredentialMode mode, CipherSuite suite) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceDtls.cipherSuites(mode, Optional.of(suite)));

        assertTrue(e.getMessage().contains(suite.name()), e.getMessage());
        assertTrue(e.getMessage().contains(mode.defaultSuites().get(0).name()), e.getMessage());
    }

    @Test
    void psk_modes_load_nothing_but_the_psk_file(@TempDir Path root) throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        DeviceId id = DeviceId.of("dev-1");
        Files.delete(layout.deviceKey(id));
        Files.delete(layout.caCertificate());

        for (CredentialMode mode : List.of(CredentialMode.PSK, CredentialMode.ECDHE_PSK)) {
            DeviceCredentials credentials = DeviceDtls.loadCredentials(layout, id, mode);
            assertTrue(credentials.psk().isPresent(), mode.cliName());
            assertFalse(credentials.privateKey().isPresent(), mode.cliName());
        }
        assertThrows(CredentialsException.class, () -> DeviceDtls.loadCredentials(layout, id, CredentialMode.RPK));
        assertThrows(CredentialsException.class, () -> DeviceDtls.loadCredentials(layout, id, CredentialMode.X509));
    }

    @Test
    void certificate_modes_load_keys_and_what_they_trust(@TempDir Path root) throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        DeviceId id = DeviceId.of("dev-1");

        DeviceCredentials rpk = DeviceDtls.loadCredentials(layout, id, CredentialMode.RPK);
        DeviceCredentials x509 = DeviceDtls.loadCredentials(layout, id, CredentialMode.X509);

        assertTrue(rpk.serverPublicKey().isPresent());
        assertFalse(rpk.psk().isPresent());
        assertTrue(x509.chain().isPresent());
        assertTrue(x509.trustedCas().isPresent());
        assertFalse(x509.psk().isPresent());
    }
}
