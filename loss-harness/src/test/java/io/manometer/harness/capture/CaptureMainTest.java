package io.manometer.harness.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.harness.capture.CaptureSettings.Loopback;
import io.manometer.harness.link.DirectionCounters;
import io.manometer.harness.link.LinkCounters;
import io.manometer.protocol.DeviceId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CaptureMainTest {

    @Test
    void defaults_capture_three_readings_of_dev_1_through_a_perfect_link() {
        CaptureSettings settings = settings("--mode", "psk", "--out", "cap");

        assertEquals(CredentialMode.PSK, settings.mode());
        assertEquals(Path.of("cap"), settings.out());
        assertEquals(3, settings.readings());
        assertEquals(DeviceId.of("dev-1"), settings.device());
        assertEquals(Path.of("cap/credentials"), settings.credentialsFolder());
        assertTrue(settings.impairment().isNone());
        assertEquals(Loopback.AUTO, settings.loopback());
        assertEquals(CaptureTimers.RFC, settings.timers());
        assertEquals(Optional.empty(), settings.server());
        assertEquals(Path.of("cap/capture.pcap"), settings.captureFile());
        assertEquals(Path.of("cap/keys.log"), settings.keyLogFile());
    }

    @Test
    void every_option_reaches_the_settings() {
        CaptureSettings settings = settings("--mode", "ecdhe-psk", "--out", "cap", "--count", "7", "--server",
                "coaps://127.0.0.1:5700", "--credentials", "creds", "--id", "dev-2", "--cipher-suite",
                "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", "--loss", "30", "--replay", "5", "--seed", "9",
                "--short-timers", "--no-loopback", "--force");

        assertEquals(7, settings.readings());
        assertEquals(Optional.of(URI.create("coaps://127.0.0.1:5700")), settings.server());
        assertEquals(Path.of("creds"), settings.credentialsFolder());
        assertEquals(DeviceId.of("dev-2"), settings.device());
        assertEquals(Optional.of(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256), settings.cipherSuite());
        assertEquals(30, settings.impairment().lossPercent());
        assertEquals(5, settings.impairment().replayPercent());
        assertEquals(9, settings.seed());
        assertEquals(CaptureTimers.SHORT, settings.timers());
        assertEquals(Loopback.OFF, settings.loopback());
        assertTrue(settings.replace());
        assertEquals(Loopback.ON, settings("--mode", "x509", "--out", "cap", "--loopback").loopback());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--mode=tls --out=cap",
        "--mode=psk --out=cap --count=0",
        "--mode=psk --out=cap --loss=120",
        "--mode=psk --out=cap --server=coaps://127.0.0.1:5684",
        "--mode=psk --out=cap --server=http://127.0.0.1 --credentials=c",
        "--mode=psk --out=cap --cipher-suite=TLS_NOPE",
        "--mode=x509 --out=cap --cipher-suite=TLS_PSK_WITH_AES_128_CCM_8",
        "--mode=psk --out=cap --id=",
        "--mode=psk"
    })
    void bad_usage_is_one_line_and_exit_code_2(String line) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Cli.run("capture", new CaptureMain(), line.split(" "));
        } finally {
            System.setErr(stderr);
        }

        assertEquals(Cli.USAGE, code, line);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("capture: "), message);
        assertTrue(message.lines().count() <= 2, "one line (plus picocli's hint): " + message);
    }

    @Test
    void the_summary_names_suite_files_and_exact_commands() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CaptureMain main = new CaptureMain(new PrintStream(out, true, StandardCharsets.UTF_8));
        CaptureReport report = new CaptureReport(CredentialMode.PSK, "TLS_PSK_WITH_AES_128_CCM_8",
                new InetSocketAddress("127.0.0.1", 40123), Path.of("cap/capture.pcap"), Path.of("cap/keys.log"),
                "server", Optional.empty(), Path.of("cap/credentials"), DeviceId.of("dev-1"),
                List.of(new Exchange(1, "{\"seq\":1}", "2.01", true, 0)),
                new LinkCounters(DirectionCounters.ZERO, DirectionCounters.ZERO, 1, 0, 0, 0),
                new PublisherCounters(1, 1, 1, 0, Map.of(), 1, 1, 0, 0, List.of()), List.of("a note"));

        main.print(report);

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("note: a note\nmanometer capture: psk, TLS_PSK_WITH_AES_128_CCM_8, 1/1 readings"
                + " acknowledged\n"), text);
        assertTrue(text.contains("  POST /pressure {\"seq\":1} -> 2.01\n"), text);
        assertTrue(text.contains("-d udp.port==40123,dtls -d dtls.port==40123,coap"), text);
        for (DecryptCommands.Command command : DecryptCommands.of(report)) {
            assertTrue(text.contains("# " + command.purpose() + "\n" + command.shell() + "\n"), command.shell());
        }
    }

    private static CaptureSettings settings(String... args) {
        CaptureMain main = new CaptureMain();
        new CommandLine(main).parseArgs(args);
        return main.settings();
    }
}
