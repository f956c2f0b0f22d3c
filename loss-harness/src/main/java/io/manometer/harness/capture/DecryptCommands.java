package io.manometer.harness.capture;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The exact commands that open a capture decrypted, ready to paste into a POSIX shell. tshark finds DTLS on any port
 * by its heuristic, but hands decrypted records to CoAP only on 5684 (the port CoAP registers for DTLS); on any other
 * port {@code -d dtls.port==N,coap} is needed as well, and {@code -d udp.port==N,dtls} makes the DTLS part
 * independent of the heuristic.
 */
public final class DecryptCommands {

    /** The coaps port (RFC 7252 §12.7), which Wireshark dissects as DTLS carrying CoAP without being told. */
    public static final int COAPS_PORT = 5684;
    /** The compact view: one line per CoAP message, code 2 = POST, 65 = 2.01 Created. */
    public static final List<String> FIELDS = List.of("frame.number", "frame.interface_name", "coap.mid",
            "coap.code", "coap.opt.uri_path", "json.member_with_value");

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** One command and what it is for. */
    public record Command(String purpose, String shell) {
        public Command {
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(shell, "shell");
        }
    }

    private DecryptCommands() {
    }

    /** Every command for {@code report}, the most useful first. */
    public static List<Command> of(CaptureReport report) {
        String keys = "-o " + quote("tls.keylog_file:" + report.keyLog());
        String read = "tshark -r " + quote(report.capture()) + " " + keys + decodeAs(report.server().getPort());
        List<Command> commands = new ArrayList<>();
        commands.add(new Command("every decrypted CoAP message, in full", read + " -Y coap -V"));
        commands.add(new Command("one line per CoAP message (code 2 = POST, 65 = 2.01 Created)",
                read + " -Y coap -T fields" + fields()));
        commands.add(new Command("every datagram: handshake flights, CID records, CoAP", read));
        commands.add(new Command("Wireshark", "wireshark -r " + quote(report.capture()) + " " + keys
                + decodeAs(report.server().getPort())));
        if (report.mode() == CredentialMode.PSK) {
            commands.add(new Command("psk without the key log: Wireshark derives the keys from the PSK",
                    pskCommand(report)));
        }
        if (report.link().total().dropped() > 0) {
            commands.add(new Command("what the link dropped (interface 1)", read + " -Y " + quote(
                    "frame.interface_id == 1") + " -T fields -e frame.number -e frame.comment -e _ws.col.Info"));
        }
        report.loopback().ifPresent(file -> commands.add(new Command("the same hop as the kernel saw it (dumpcap)",
                "tshark -r " + quote(file) + " " + keys + decodeAs(report.server().getPort()) + " -Y coap")));
        return commands;
    }

    /** {@code -d udp.port==N,dtls -d dtls.port==N,coap} with a leading space, or nothing on 5684. */
    public static String decodeAs(int port) {
        if (port == COAPS_PORT) {
            return "";
        }
        return " -d udp.port==" + port + ",dtls -d dtls.port==" + port + ",coap";
    }

    /**
     * {@code -o dtls.psk:HEX} with the hex computed by the shell from the PSK file, so the key itself is never
     * printed: the key bytes are the ASCII line of {@code devices/ID.psk}.
     */
    static String pskCommand(CaptureReport report) {
        String hex = "$(tr -d '\\n' < " + quote(report.pskFile()) + " | od -An -tx1 | tr -d ' \\n')";
        return "tshark -r " + quote(report.capture()) + " -o \"dtls.psk:" + hex + "\""
                + decodeAs(report.server().getPort()) + " -Y coap";
    }

    private static String fields() {
        StringBuilder text = new StringBuilder();
        FIELDS.forEach(field -> text.append(" -e ").append(field));
        return text.toString();
    }

    /** The word as a POSIX shell reads it back: as is when plain, else single-quoted. */
    static String quote(Object word) {
        String text = word.toString();
        if (PLAIN.matcher(text).matches()) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
