package io.manometer.it.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.capture.CaptureReport;
import io.manometer.harness.capture.CaptureSettings;
import io.manometer.harness.capture.CaptureSettings.Loopback;
import io.manometer.harness.capture.CaptureTimers;
import io.manometer.harness.capture.DecryptCommands;
import io.manometer.harness.capture.Exchange;
import io.manometer.it.capture.Tshark.CoapFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #5's promise, checked the way a user would check it: a capture made by {@code manometer capture} opens in
 * tshark decrypted, in every mode, showing exactly the JSON the device sent and the server's 2.01; without the keys
 * the same capture shows nothing of it. Each mode is captured once and examined by several tests.
 */
class DecryptedCaptureIT {

    private static final int READINGS = 3;
    private static final Map<CredentialMode, CaptureReport> CAPTURES = new EnumMap<>(CredentialMode.class);

    @TempDir
    static Path dir;

    @BeforeEach
    void tshark_is_installed() {
        Tshark.require();
    }

    @ParameterizedTest
    @EnumSource(CredentialMode.class)
    void decrypted_capture_shows_one_post_per_reading_with_its_exact_payload_and_a_2_01(CredentialMode mode)
            throws Exception {
        CaptureReport report = capture(mode);

        List<CoapFrame> frames = Tshark.coap(report.capture(), report.server().getPort(),
                Tshark.keyLog(report.keyLog()));

        List<CoapFrame> posts = frames.stream().filter(f -> f.code() == CoapFrame.POST).toList();
        assertEquals(READINGS, posts.size(), "one POST per reading: " + frames);
        for (int i = 0; i < READINGS; i++) {
            Exchange sent = report.exchanges().get(i);
            CoapFrame post = posts.get(i);
            assertEquals("pressure", post.uriPath());
            assertArrayEquals(sent.payloadBytes(), post.payload(), "payload of POST " + (i + 1) + ": "
                    + post.payloadText());
            assertTrue(frames.stream().anyMatch(f -> f.code() == CoapFrame.CREATED && f.mid() == post.mid()),
                    "a 2.01 answers MID " + post.mid() + ": " + frames);
        }
        assertEquals(READINGS, frames.stream().filter(f -> f.code() == CoapFrame.CREATED).count());
    }

    @ParameterizedTest
    @EnumSource(CredentialMode.class)
    void without_the_key_log_the_payload_is_nowhere_in_the_capture(CredentialMode mode) throws Exception {
        CaptureReport report = capture(mode);
        byte[] captured = Files.readAllBytes(report.capture());

        for (Exchange sent : report.exchanges()) {
            assertFalse(Captures.contains(captured, sent.payloadBytes()), "payload in clear: " + sent.payload());
        }
        assertFalse(Captures.contains(captured, "\"kPa\":".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(Captures.contains(captured, "pressure".getBytes(StandardCharsets.US_ASCII)), "Uri-Path in clear");
        assertEquals(List.of(), Tshark.coap(report.capture(), report.server().getPort(), List.of()),
                "tshark decodes CoAP without keys");
    }

    @ParameterizedTest
    @EnumSource(CredentialMode.class)
    void the_printed_commands_decrypt_the_capture(CredentialMode mode) throws Exception {
        CaptureReport report = capture(mode);
        List<DecryptCommands.Command> commands = DecryptCommands.of(report);

        String oneLine = commands.stream().filter(c -> c.shell().contains("-T fields")).findFirst().orElseThrow()
                .shell();
        List<String> lines = Tshark.shell(oneLine).lines().toList();

        assertEquals(2 * READINGS, lines.size(), "one line per CoAP message: " + lines);
        for (Exchange sent : report.exchanges()) {
            String members = "device:dev-1,seq:" + sent.seq() + ",";
            assertEquals(1, lines.stream().filter(l -> l.contains("\t2\tpressure\t" + members)).count(),
                    "the POST of seq " + sent.seq() + " in " + lines);
        }
        assertEquals(READINGS, lines.stream().filter(l -> l.contains("\t65\t")).count(), "2.01s in " + lines);
        assertTrue(commands.stream().anyMatch(c -> c.shell().startsWith("wireshark -r ")));
        assertTrue(oneLine.contains(" -d udp.port==" + report.server().getPort() + ",dtls -d dtls.port=="
                + report.server().getPort() + ",coap"), oneLine);
    }

    @Test
    void psk_capture_decrypts_with_the_psk_alone() throws Exception {
        CaptureReport report = capture(CredentialMode.PSK);
        String hex = HexFormat.of().formatHex(Files.readString(report.pskFile()).strip()
                .getBytes(StandardCharsets.US_ASCII));

        List<CoapFrame> frames = Tshark.coap(report.capture(), report.server().getPort(),
                List.of("-o", "dtls.psk:" + hex));

        List<byte[]> payloads = frames.stream().filter(f -> f.code() == CoapFrame.POST).map(CoapFrame::payload)
                .toList();
        assertEquals(READINGS, payloads.size());
        for (int i = 0; i < READINGS; i++) {
            assertArrayEquals(report.exchanges().get(i).payloadBytes(), payloads.get(i));
        }
        String printed = DecryptCommands.of(report).stream().filter(c -> c.shell().contains("dtls.psk:"))
                .findFirst().orElseThrow().shell();
        assertFalse(printed.contains(hex), "the printed command must not contain the key itself");
        assertEquals(2 * READINGS, Tshark.shell(printed).lines().count(), "the printed psk command decrypts");
    }

    @Test
    void ecdhe_psk_capture_negotiates_the_cbc_suite_that_wireshark_decrypts() throws Exception {
        CaptureReport report = capture(CredentialMode.ECDHE_PSK);

        assertEquals("TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", report.cipherSuite());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("cannot decrypt the CCM_8")), report.notes()
                .toString());
        // 0xc037 is TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256 (RFC 5489), as the ServerHello names it
        assertEquals(List.of("0xc037"), Tshark.fields(report.capture(), report.server().getPort(), List.of(),
                "dtls.handshake.type == 2", "dtls.handshake.ciphersuite"));
    }

    @Test
    void connection_id_records_decrypt_too() throws Exception {
        CaptureReport report = capture(CredentialMode.X509);
        int port = report.server().getPort();

        List<String> posts = Tshark.fields(report.capture(), port, Tshark.keyLog(report.keyLog()), "coap.code == 2",
                "dtls.record.special_type", "dtls.record.content_type");
        List<String> answers = Tshark.fields(report.capture(), port, Tshark.keyLog(report.keyLog()),
                "coap.code == 65", "dtls.record.special_type", "dtls.record.content_type");

        // RFC 9146: the device writes with the server's 6-byte CID, so its records are tls12_cid (25) on the wire
        // and application data (23) inside; it asks for no CID of its own, so the server's answers are plain 23
        assertEquals(Collections.nCopies(READINGS, "25|23"), posts);
        assertEquals(Collections.nCopies(READINGS, "|23"), answers);
    }

    @Test
    void where_dumpcap_can_capture_the_loopback_capture_decrypts_like_the_link_capture() throws Exception {
        CaptureReport report = Captures.run(CaptureSettings.builder(CredentialMode.PSK, dir.resolve("loopback"))
                .readings(READINGS)
                .timers(CaptureTimers.SHORT)
                .loopback(Loopback.ON)
                .build());
        assumeTrue(report.loopback().isPresent(), "no loopback capture here: " + report.notes());
        assertEquals(List.of(), report.notes(), "the loopback capture is complete");

        List<CoapFrame> link = Tshark.coap(report.capture(), report.server().getPort(),
                Tshark.keyLog(report.keyLog()));
        List<CoapFrame> kernel = Tshark.coap(report.loopback().get(), report.server().getPort(),
                Tshark.keyLog(report.keyLog()));

        assertEquals(2 * READINGS, kernel.size(), kernel.toString());
        for (int i = 0; i < kernel.size(); i++) {
            assertEquals(link.get(i).code(), kernel.get(i).code());
            assertEquals(link.get(i).mid(), kernel.get(i).mid());
            assertArrayEquals(link.get(i).payload(), kernel.get(i).payload());
        }
    }

    private static synchronized CaptureReport capture(CredentialMode mode) throws Exception {
        CaptureReport report = CAPTURES.get(mode);
        if (report == null) {
            report = Captures.run(CaptureSettings.builder(mode, dir.resolve(mode.cliName()))
                    .readings(READINGS)
                    .timers(CaptureTimers.SHORT)
                    .loopback(Loopback.OFF)
                    .build());
            assertEquals(READINGS, report.acknowledged(), "acknowledged: " + report.exchanges());
            CAPTURES.put(mode, report);
        }
        return report;
    }
}
