package io.manometer.harness.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.harness.capture.DecryptCommands.Command;
import io.manometer.harness.link.DirectionCounters;
import io.manometer.harness.link.LinkCounters;
import io.manometer.protocol.DeviceId;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecryptCommandsTest {

    private static final LinkCounters CLEAN = new LinkCounters(DirectionCounters.ZERO, DirectionCounters.ZERO, 1, 0,
            0, 0);
    private static final PublisherCounters DEVICE = new PublisherCounters(3, 3, 3, 0, Map.of(), 1, 1, 0, 0,
            List.of());

    @Test
    void on_another_port_than_5684_dtls_and_coap_are_named_for_tshark() {
        List<Command> commands = DecryptCommands.of(report(CredentialMode.X509, 40123, CLEAN, Optional.empty()));

        assertEquals("tshark -r out/capture.pcap -o tls.keylog_file:out/keys.log -d udp.port==40123,dtls"
                + " -d dtls.port==40123,coap -Y coap -V", commands.get(0).shell());
        assertEquals("tshark -r out/capture.pcap -o tls.keylog_file:out/keys.log -d udp.port==40123,dtls"
                + " -d dtls.port==40123,coap -Y coap -T fields -e frame.number -e frame.interface_name -e coap.mid"
                + " -e coap.code -e coap.opt.uri_path -e json.member_with_value", commands.get(1).shell());
        assertTrue(commands.stream().anyMatch(c -> c.shell().equals("wireshark -r out/capture.pcap -o"
                + " tls.keylog_file:out/keys.log -d udp.port==40123,dtls -d dtls.port==40123,coap")));
    }

    @Test
    void on_5684_nothing_needs_decoding_as() {
        List<Command> commands = DecryptCommands.of(report(CredentialMode.RPK, 5684, CLEAN, Optional.empty()));

        assertEquals("tshark -r out/capture.pcap -o tls.keylog_file:out/keys.log -Y coap -V",
                commands.get(0).shell());
        assertTrue(commands.stream().noneMatch(c -> c.shell().contains(" -d ")));
    }

    @Test
    void psk_gets_a_command_with_the_psk_computed_by_the_shell_from_the_device_file() {
        List<Command> commands = DecryptCommands.of(report(CredentialMode.PSK, 40123, CLEAN, Optional.empty()));

        assertTrue(commands.stream().anyMatch(c -> c.shell().equals("tshark -r out/capture.pcap"
                + " -o \"dtls.psk:$(tr -d '\\n' < out/credentials/devices/dev-1.psk | od -An -tx1 | tr -d ' \\n')\""
                + " -d udp.port==40123,dtls -d dtls.port==40123,coap -Y coap")), commands.toString());
    }

    @Test
    void other_modes_get_no_psk_command() {
        for (CredentialMode mode : List.of(CredentialMode.ECDHE_PSK, CredentialMode.RPK, CredentialMode.X509)) {
            assertTrue(DecryptCommands.of(report(mode, 40123, CLEAN, Optional.empty())).stream()
                    .noneMatch(c -> c.shell().contains("dtls.psk")), mode.cliName());
        }
    }

    @Test
    void drops_and_a_loopback_capture_get_their_own_commands() {
        LinkCounters lossy = new LinkCounters(new DirectionCounters(10, 8, 2, 0, 0, 0, 0, 0, 0, 0, 0, 800),
                DirectionCounters.ZERO, 1, 0, 0, 0);

        List<String> shells = DecryptCommands.of(report(CredentialMode.X509, 5684, lossy,
                Optional.of(Path.of("out/loopback.pcapng")))).stream().map(Command::shell).toList();

        assertTrue(shells.contains("tshark -r out/capture.pcap -o tls.keylog_file:out/keys.log"
                + " -Y 'frame.interface_id == 1' -T fields -e frame.number -e frame.comment -e _ws.col.Info"), shells
                .toString());
        assertTrue(shells.contains("tshark -r out/loopback.pcapng -o tls.keylog_file:out/keys.log -Y coap"));
    }

    @Test
    void paths_the_shell_would_split_are_single_quoted() {
        assertEquals("plain/path-1.log", DecryptCommands.quote("plain/path-1.log"));
        assertEquals("'my captures/keys.log'", DecryptCommands.quote("my captures/keys.log"));
        assertEquals("'it'\\''s'", DecryptCommands.quote("it's"));
        assertEquals("'$HOME'", DecryptCommands.quote("$HOME"));
    }

    @Test
    void a_quoted_key_log_path_stays_one_option() {
        CaptureReport report = new CaptureReport(CredentialMode.X509, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
                new InetSocketAddress("127.0.0.1", 5684), Path.of("my out/capture.pcap"), Path.of("my out/keys.log"),
                "server", Optional.empty(), Path.of("my out/credentials"), DeviceId.of("dev-1"), List.of(), CLEAN,
                DEVICE, List.of());

        String first = DecryptCommands.of(report).get(0).shell();

        assertEquals("tshark -r 'my out/capture.pcap' -o 'tls.keylog_file:my out/keys.log' -Y coap -V", first);
        assertFalse(first.contains("\""));
    }

    private static CaptureReport report(CredentialMode mode, int port, LinkCounters link, Optional<Path> loopback) {
        return new CaptureReport(mode, "?", new InetSocketAddress("127.0.0.1", port), Path.of("out/capture.pcap"),
                Path.of("out/keys.log"), "server", loopback, Path.of("out/credentials"), DeviceId.of("dev-1"),
                List.of(), link, DEVICE, List.of());
    }
}
