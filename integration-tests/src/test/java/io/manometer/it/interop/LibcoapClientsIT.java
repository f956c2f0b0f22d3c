package io.manometer.it.interop;

import static io.manometer.it.interop.NegotiatedSuites.assertSuite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.it.Device;
import io.manometer.it.ServerOnLoopback;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.JsonReadingCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * libcoap's clients, built on OpenSSL and on GnuTLS, talk to our server in every mode they support. Each test runs
 * the command README.md gives and checks what the server stored, not the exit code (libcoap 4.3.1 exits 0
 * after a failed handshake too), and the cipher suite the client logged. Californium picks the suite in the
 * client's order, so a client that prefers another suite the server allows lands there; restricting the server
 * with {@code --modes} is how to get RFC 7925's CCM_8 suites from it.
 */
class LibcoapClientsIT {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final Duration NOTIFICATION_BOUND = Duration.ofSeconds(10);

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2", "gw-1").withObservers("gw-1");

    @ParameterizedTest
    @CsvSource({"OPENSSL, TLS_PSK_WITH_AES_128_CCM_8", "GNUTLS, TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256"})
    void psk_client_posts_a_text_reading_that_the_server_stores(Libcoap library, String suite) {
        ClientRun run = client(library).psk("dev-1").post(ContentFormat.TEXT_PLAIN, "101.5").run(resource());

        assertEquals(List.of("2.01"), run.responseCodes(), run::toString);
        assertSuite(suite, run.suite(), name(library), "manometer (all modes)", "psk", run);
        List<PressureReading> stored = server.store().history(DEV_1, 10);
        assertEquals(1, stored.size(), stored::toString);
        assertEquals(101.5, stored.get(0).kPa());
        assertEquals(0, stored.get(0).seq(), "text/plain: the server assigns the first seq");
    }

    @ParameterizedTest
    @CsvSource({"OPENSSL, TLS_PSK_WITH_AES_128_CCM_8", "GNUTLS, TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256"})
    void psk_client_posts_a_json_reading_that_the_server_stores_as_sent(Libcoap library, String suite) {
        ClientRun run = client(library).psk("dev-1")
                .post(ContentFormat.JSON, "{\"seq\":42,\"kPa\":101.325,\"ts\":\"2026-11-22T10:00:42Z\"}")
                .run(resource());

        assertEquals(List.of("2.01"), run.responseCodes(), run::toString);
        assertSuite(suite, run.suite(), name(library), "manometer (all modes)", "psk", run);
        assertEquals(List.of(new PressureReading(DEV_1, 42, 101.325, Instant.parse("2026-11-22T10:00:42Z"))),
                server.store().history(DEV_1, 10));
    }

    @ParameterizedTest
    @EnumSource(Libcoap.class)
    void psk_client_lands_on_psk_ccm_8_when_the_server_accepts_only_psk(Libcoap library) {
        try (RestrictedServer psk = RestrictedServer.start(server.layout(), CredentialMode.PSK)) {
            ClientRun run = client(library).psk("dev-1").post(ContentFormat.TEXT_PLAIN, "101.6")
                    .run(resource(psk.uri()));

            assertEquals(List.of("2.01"), run.responseCodes(), run::toString);
            assertSuite("TLS_PSK_WITH_AES_128_CCM_8", run.suite(), name(library), "manometer --modes psk", "psk",
                    run);
            assertEquals(101.6, psk.store().history(DEV_1, 10).get(0).kPa());
        }
    }

    @ParameterizedTest
    @EnumSource(Libcoap.class)
    void ecdhe_psk_client_posts_to_a_server_that_accepts_only_ecdhe_psk(Libcoap library) {
        try (RestrictedServer ecdhePsk = RestrictedServer.start(server.layout(), CredentialMode.ECDHE_PSK)) {
            ClientRun run = client(library).psk("dev-1").post(ContentFormat.TEXT_PLAIN, "101.7")
                    .run(resource(ecdhePsk.uri()));

            assertEquals(List.of("2.01"), run.responseCodes(), run::toString);
            assertSuite("TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", run.suite(), name(library),
                    "manometer --modes ecdhe-psk", "ecdhe-psk", run);
            assertEquals(101.7, ecdhePsk.store().history(DEV_1, 10).get(0).kPa());
        }
    }

    @ParameterizedTest
    @EnumSource(Libcoap.class)
    void x509_client_posts_a_reading_with_its_device_certificate(Libcoap library) {
        String key = "devices/dev-1.key";

        ClientRun run = client(library).certificate("dev-1", key).post(ContentFormat.TEXT_PLAIN, "101.8")
                .run(resource());

        assertEquals(List.of("2.01"), run.responseCodes(), run::toString);
        assertSuite("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", run.suite(), name(library), "manometer (all modes)",
                "x509", run);
        assertEquals(101.8, server.store().history(DEV_1, 10).get(0).kPa(), "stored as the certificate's CN");
    }

    @Test
    void gnutls_rpk_client_posts_a_reading_to_a_server_that_accepts_only_rpk() {
        String key = GnutlsKeys.deviceKey(server.layout(), "dev-1");
        try (RestrictedServer rpk = RestrictedServer.start(server.layout(), CredentialMode.RPK)) {
            ClientRun run = client(Libcoap.GNUTLS).rawPublicKey(key).post(ContentFormat.TEXT_PLAIN, "101.9")
                    .run(resource(rpk.uri()));

            assertEquals(List.of("2.01"), run.responseCodes(), run::toString);
            assertTrue(run.stdout().contains("Selected client certificate type Raw Public Key"), run::toString);
            assertTrue(run.stdout().contains("Selected server certificate type Raw Public Key"), run::toString);
            assertSuite("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", run.suite(), name(Libcoap.GNUTLS),
                    "manometer --modes rpk", "rpk", run);
            assertEquals(101.9, rpk.store().history(DEV_1, 10).get(0).kPa(), "stored as the owner of the .pub");
        }
    }

    @Test
    void gnutls_rpk_client_that_trusts_the_ca_posts_a_reading_to_the_default_server() {
        String key = GnutlsKeys.deviceKey(server.layout(), "dev-1");

        ClientRun run = client(Libcoap.GNUTLS).rawPublicKey(key).trustingCa().post(ContentFormat.TEXT_PLAIN, "102.0")
                .run(resource());

        assertEquals(List.of("2.01"), run.responseCodes(), run::toString);
        assertTrue(run.stdout().contains("Selected client certificate type Raw Public Key"), run::toString);
        assertTrue(run.stdout().contains("Selected server certificate type X.509"), run::toString);
        assertSuite("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", run.suite(), name(Libcoap.GNUTLS),
                "manometer (all modes)", "rpk (server: x509)", run);
        assertEquals(102.0, server.store().history(DEV_1, 10).get(0).kPa());
    }

    @ParameterizedTest
    @EnumSource(Libcoap.class)
    void psk_client_reads_its_own_history_back(Libcoap library) {
        Device device = server.device("dev-1", CredentialMode.PSK);
        PressureReading first = device.reading(1, 100.1);
        PressureReading second = device.reading(2, 100.2);
        assertEquals("2.01", device.post(first).code());
        assertEquals("2.01", device.post(second).code());

        ClientRun run = client(library).psk("dev-1").run(resource("device=dev-1&limit=5"));

        assertEquals(List.of("2.05"), run.responseCodes(), run::toString);
        assertEquals(1, run.payloads().size(), run::toString);
        assertEquals(List.of(second, first), decode(run.payloads().get(0)));
        assertEquals(server.store().history(DEV_1, 5), decode(run.payloads().get(0)));
    }

    @ParameterizedTest
    @EnumSource(Libcoap.class)
    void observer_client_is_notified_of_a_reading_another_device_posts(Libcoap library) {
        Device device = server.device("dev-2", CredentialMode.PSK);
        PressureReading reading = device.reading(7, 99.5);
        LibcoapClient observer = client(library).psk("gw-1").observe(3);

        try (ForeignProcess observing = observer.start(resource())) {
            awaitPayloads(observing, 1);
            assertEquals("2.01", device.post(reading).code());
            awaitPayloads(observing, 2);
            ClientRun run = ClientRun.of(library, observing.awaitExit(observer.exitBound()), observing);

            assertEquals(List.of(List.of(), List.of(reading)), run.payloads().stream().map(LibcoapClientsIT::decode)
                    .toList(), run::toString);
            assertTrue(run.responseCodes().stream().filter("2.05"::equals).count() >= 2, run::toString);
            assertSuite(library == Libcoap.OPENSSL ? "TLS_PSK_WITH_AES_128_CCM_8"
                    : "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", run.suite(), name(library), "manometer (all modes)",
                    "psk, observe", run);
        }
    }

    private LibcoapClient client(Libcoap library) {
        return LibcoapClient.of(library, server.layout());
    }

    private URI resource() {
        return resource(server.uri());
    }

    private URI resource(String query) {
        return URI.create(resource() + "?" + query);
    }

    private static URI resource(URI serverUri) {
        return URI.create(serverUri + "/pressure");
    }

    static String name(Libcoap library) {
        return library.client().command();
    }

    private static void awaitPayloads(ForeignProcess observing, int count) {
        if (!observing.awaitOutput(output -> ClientRun.payloadLines(output).size() >= count, NOTIFICATION_BOUND)) {
            fail("observer did not print " + count + " payload(s)\n" + observing.describe());
        }
    }

    private static List<PressureReading> decode(String payload) {
        try {
            return new JsonReadingCodec().decodeAll(payload.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidReadingException e) {
            return fail("undecodable payload " + payload + ": " + e.getMessage());
        }
    }
}
