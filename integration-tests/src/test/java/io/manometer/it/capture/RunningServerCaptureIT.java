package io.manometer.it.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.capture.CaptureReport;
import io.manometer.harness.capture.CaptureSettings;
import io.manometer.harness.capture.CaptureSettings.Loopback;
import io.manometer.harness.capture.CaptureTimers;
import io.manometer.it.capture.Tshark.CoapFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code manometer capture --server URI}: the traffic to a server that is already running is captured through the
 * link, and the device's key log decrypts it, as does the server's own (here from {@code SSLKEYLOGFILE}).
 */
class RunningServerCaptureIT {

    private static final int READINGS = 2;

    @TempDir
    Path dir;

    @Test
    void capture_of_a_running_server_decrypts_with_the_device_key_log_and_with_the_server_key_log()
            throws Exception {
        Tshark.require();
        CredentialsLayout credentials = Captures.credentials(dir.resolve("credentials"), "dev-1");
        Path serverKeys = dir.resolve("server-keys.log");
        CaptureReport report;
        try (Jars.Server server = Jars.server(dir, credentials.root(), Map.of("SSLKEYLOGFILE",
                serverKeys.toString()))) {
            report = Captures.run(CaptureSettings.builder(CredentialMode.RPK, dir.resolve("capture"))
                    .server(server.uri())
                    .credentials(credentials.root())
                    .readings(READINGS)
                    .timers(CaptureTimers.SHORT)
                    .loopback(Loopback.OFF)
                    .build());
        }

        assertEquals("device", report.keyLogSide());
        assertEquals(READINGS, report.acknowledged(), report.exchanges().toString());
        for (Path keys : List.of(report.keyLog(), serverKeys)) {
            List<CoapFrame> posts = Tshark.coap(report.capture(), report.server().getPort(), Tshark.keyLog(keys))
                    .stream().filter(f -> f.code() == CoapFrame.POST).toList();
            assertEquals(READINGS, posts.size(), "decrypted with " + keys);
            for (int i = 0; i < READINGS; i++) {
                assertArrayEquals(report.exchanges().get(i).payloadBytes(), posts.get(i).payload());
            }
        }
    }
}
