package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.it.ServerOnLoopback;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code openssl s_client -dtls1_2} completes a PSK handshake with our server, with no CoAP library at all, and a
 * hand-made CoAP POST sent through it is stored: the plainest evidence that our DTLS is standard DTLS 1.2. OpenSSL
 * takes the PSK in hex, so the test (like README.md) hex-encodes the ASCII line of {@code devices/ID.psk}.
 */
class OpensslPskIT {

    private static final Duration BOUND = Duration.ofSeconds(15);
    /** The session summary s_client prints after the handshake: {@code Cipher    : PSK-AES128-CCM8}. */
    private static final Pattern CIPHER = Pattern.compile("(?m)^\\s*Cipher\\s*: (\\S+)$");
    /** ACK 2.01 for message id "MN", token "ossl" (RFC 7252 §3), as the raw bytes s_client prints. */
    private static final String CREATED = new String(new byte[] {0x64, 0x41, 'M', 'N', 'o', 's', 's', 'l'},
            StandardCharsets.ISO_8859_1);

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1");

    @ParameterizedTest
    @CsvSource({"PSK-AES128-CCM8, TLS_PSK_WITH_AES_128_CCM_8", "'', TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256"})
    void s_client_completes_a_psk_handshake_and_a_coap_post_through_it_is_stored(String cipher, String suite) {
        List<String> command = new ArrayList<>(List.of(ForeignTool.OPENSSL.require(), "s_client", "-dtls1_2",
                "-connect", server.uri().getHost() + ":" + server.uri().getPort(), "-psk_identity", "dev-1",
                "-psk", HexFormat.of().formatHex(LibcoapClient.pskOf(server.layout(), "dev-1")
                        .getBytes(StandardCharsets.US_ASCII))));
        if (!cipher.isEmpty()) {
            command.addAll(List.of("-cipher", cipher));
        }
        try (ForeignProcess client = ForeignProcess.start(server.layout().root(), command, true)) {
            client.awaitOutput("Cipher is ", BOUND);
            client.write(postText("101.5"));
            client.awaitOutput(CREATED, BOUND);
            client.closeInput();
            assertEquals(0, client.awaitExit(BOUND), client::describe);

            assertTrue(client.stdout().contains("Protocol  : DTLSv1.2"), client::describe);
            NegotiatedSuites.assertSuite(suite, suite(client.stdout()), "openssl s_client" + (cipher.isEmpty() ? ""
                    : " -cipher " + cipher), "manometer (all modes)", "psk", client.describe());
            List<PressureReading> stored = server.store().history(DeviceId.of("dev-1"), 10);
            assertEquals(1, stored.size(), stored::toString);
            assertEquals(101.5, stored.get(0).kPa());
        }
    }

    /** CON POST /pressure, Content-Format text/plain, payload {@code kPa} (RFC 7252 §3, §5.10). */
    private static byte[] postText(String kPa) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(0x44);                  // version 1, confirmable, token length 4
        message.write(0x02);                  // 0.02 POST
        message.writeBytes(new byte[] {'M', 'N'});  // message id
        message.writeBytes("ossl".getBytes(StandardCharsets.US_ASCII));    // token
        message.write(0xb8);                  // option 11 Uri-Path, 8 bytes
        message.writeBytes("pressure".getBytes(StandardCharsets.US_ASCII));
        message.write(0x10);                  // option 12 Content-Format, empty value: 0 text/plain
        message.write(0xff);                  // payload marker
        message.writeBytes(kPa.getBytes(StandardCharsets.US_ASCII));
        return message.toByteArray();
    }

    private static Optional<String> suite(String output) {
        Matcher matcher = CIPHER.matcher(output);
        return matcher.find() ? Optional.of(SuiteNames.iana(matcher.group(1))) : Optional.empty();
    }
}
