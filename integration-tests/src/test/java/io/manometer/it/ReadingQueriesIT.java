package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.SenmlReadingCodec;
import java.util.List;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /pressure}: without a query the newest reading of every device, with {@code device=ID&limit=N} that
 * device's history newest first; devices in different credential modes share one endpoint. A device reads its own
 * readings; an observer (here dev-3) reads every device's.
 */
class ReadingQueriesIT {

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2", "dev-3").withObservers("dev-3");

    @Test
    void get_without_a_query_returns_the_latest_reading_per_device() {
        Device psk = server.device("dev-1", CredentialMode.PSK);
        Device x509 = server.device("dev-2", CredentialMode.X509);
        for (long seq = 1; seq <= 3; seq++) {
            assertEquals("2.01", psk.post(psk.reading(seq, 100 + seq)).code());
        }
        assertEquals("2.01", x509.post(x509.reading(7, 250.5)).code());
        assertEquals("2.01", x509.post(x509.reading(6, 249.0)).code());

        List<PressureReading> latest = server.device("dev-3", CredentialMode.RPK).readings("");

        assertEquals(List.of(psk.reading(3, 103), x509.reading(7, 250.5)), latest);
    }

    @Test
    void get_without_a_query_before_any_reading_returns_an_empty_list() {
        Device device = server.device("dev-1", CredentialMode.ECDHE_PSK);

        assertEquals(List.of(), device.readings(""));
    }

    @Test
    void history_is_newest_first_and_bounded_by_limit() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        for (long seq = 1; seq <= 7; seq++) {
            assertEquals("2.01", device.post(device.reading(seq, 90 + seq)).code());
        }

        List<PressureReading> history = device.readings("device=dev-1&limit=5");

        assertEquals(List.of(device.reading(7, 97), device.reading(6, 96), device.reading(5, 95),
                device.reading(4, 94), device.reading(3, 93)), history);
    }

    @Test
    void history_of_a_device_without_readings_is_empty() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        assertEquals("2.01", device.post(device.reading(1, 101.3)).code());

        assertEquals(List.of(), server.device("dev-3", CredentialMode.PSK).readings("device=dev-2&limit=5"));
    }

    @Test
    void a_device_that_is_not_an_observer_sees_only_its_own_latest_reading() {
        Device dev1 = server.device("dev-1", CredentialMode.PSK);
        Device dev2 = server.device("dev-2", CredentialMode.RPK);
        assertEquals("2.01", dev1.post(dev1.reading(1, 101.3)).code());
        assertEquals("2.01", dev2.post(dev2.reading(1, 99.1)).code());

        assertEquals(List.of(dev2.reading(1, 99.1)), dev2.readings(""));
        assertEquals(List.of(dev2.reading(1, 99.1)), dev2.readings("device=dev-2"));
    }

    @Test
    void history_is_served_as_senml_when_asked_for() throws Exception {
        Device device = server.device("dev-1", CredentialMode.X509);
        assertEquals("2.01", device.post(device.reading(1, 101.325), ContentFormat.SENML_JSON).code());
        assertEquals("2.01", device.post(device.reading(2, 99.5)).code());
        Request request = Request.newGet();
        request.setURI(server.uri() + "/" + PressureApi.PATH + "?device=dev-1");
        request.getOptions().setAccept(MediaTypeRegistry.APPLICATION_SENML_JSON);

        Answered answer = device.send(request);

        assertEquals("2.05", answer.code(), answer.diagnostic());
        assertEquals(List.of(device.reading(2, 99.5), device.reading(1, 101.325)),
                new SenmlReadingCodec().decodeAll(answer.payload()));
    }

    @Test
    void get_asking_for_a_format_other_than_json_gets_4_06() {
        Device device = server.device("dev-1", CredentialMode.PSK);
        Request request = Request.newGet();
        request.setURI(server.uri() + "/" + PressureApi.PATH);
        request.getOptions().setAccept(MediaTypeRegistry.APPLICATION_CBOR);

        Answered answer = device.send(request);

        assertEquals("4.06", answer.code(), answer.diagnostic());
    }

    @ParameterizedTest(name = "?{0}")
    @ValueSource(strings = {"devcie=dev-1", "device=dev-1&limit=0", "device=dev-1&limit=1001", "limit=5",
        "device=../etc"})
    void malformed_query_gets_4_00_with_a_diagnostic(String query) {
        Device device = server.device("dev-1", CredentialMode.PSK);

        Answered answer = device.get(query);

        assertEquals("4.00", answer.code(), answer.diagnostic());
        assertFalse(answer.diagnostic().isBlank());
    }
}
