package io.manometer.it.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.capture.CaptureReport;
import io.manometer.harness.capture.CaptureSettings;
import io.manometer.harness.capture.CaptureSettings.Loopback;
import io.manometer.harness.capture.CaptureTimers;
import io.manometer.harness.capture.Exchange;
import io.manometer.harness.link.Impairment;
import io.manometer.it.capture.Tshark.CoapFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture of a lossy session still decrypts: Wireshark reads retransmitted DTLS flights (RFC 6347 §4.2.4) and
 * retransmitted CoAP requests (RFC 7252 §4.2) like any others, and the link writes what it dropped into the same
 * file on interface 1, so the capture shows both the loss and the recovery.
 */
class LossyCaptureIT {

    /** Seed 2 loses the first ClientHello (the first upstream decision), so a flight is always retransmitted. */
    private static final long SEED = 2;
    private static final int READINGS = 5;

    @TempDir
    Path dir;

    @Test
    void lossy_capture_has_retransmitted_flights_and_still_decrypts_every_acknowledged_post() throws Exception {
        Tshark.require();
        CaptureReport report = Captures.run(CaptureSettings.builder(CredentialMode.X509, dir.resolve("lossy"))
                .readings(READINGS)
                .impairment(Impairment.builder().loss(30).build())
                .seed(SEED)
                .timers(CaptureTimers.SHORT)
                .loopback(Loopback.OFF)
                .build());
        int port = report.server().getPort();
        List<String> keys = Tshark.keyLog(report.keyLog());
        assertTrue(report.acknowledged() > 0, "nothing acknowledged: " + report.exchanges());
        assertTrue(report.link().total().dropped() > 0, "the link dropped nothing: " + report.link().summary());

        // a flight sent again carries the same handshake messages with the same message_seq, in new records
        List<String> handshake = Tshark.fields(report.capture(), port, keys, "dtls.handshake",
                "udp.srcport", "dtls.handshake.type", "dtls.handshake.message_seq");
        Map<String, Long> sent = handshake.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        assertTrue(sent.values().stream().anyMatch(n -> n > 1), "no handshake message sent twice: " + handshake);

        List<String> dropped = Tshark.fields(report.capture(), port, keys, "frame.interface_id == 1",
                "frame.interface_name", "frame.comment");
        assertEquals(report.link().total().dropped(), dropped.size());
        assertTrue(dropped.stream().allMatch("dropped|dropped: loss"::equals), dropped.toString());

        List<CoapFrame> frames = Tshark.coap(report.capture(), port, keys);
        for (Exchange reading : report.exchanges()) {
            if (!reading.acknowledged()) {
                continue;
            }
            CoapFrame post = frames.stream().filter(CoapFrame::forwarded).filter(f -> f.code() == CoapFrame.POST)
                    .filter(f -> f.payloadText().equals(reading.payload())).findFirst()
                    .orElseThrow(() -> new AssertionError("no forwarded POST of " + reading.payload()));
            assertArrayEquals(reading.payloadBytes(), post.payload());
            assertTrue(frames.stream().anyMatch(f -> f.forwarded() && f.code() == CoapFrame.CREATED
                    && f.mid() == post.mid()), "no forwarded 2.01 for MID " + post.mid());
        }
        byte[] captured = Files.readAllBytes(report.capture());
        report.exchanges().forEach(reading -> assertFalse(Captures.contains(captured, reading.payloadBytes())));
    }
}
