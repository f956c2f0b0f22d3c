package io.manometer.credentials.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.scandium.dtls.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendingTlsKeyLogTest {

    private static final Pattern LINE = Pattern.compile("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\n");
    private static final InetSocketAddress PEER = InetSocketAddress.createUnresolved("device", 5684);

    @TempDir
    Path root;

    @Test
    void format_is_the_nss_key_log_line_in_lowercase_hex() {
        byte[] random = bytes(32, 0xA0);
        byte[] secret = bytes(48, 0x00);

        String line = new String(AppendingTlsKeyLog.format(random, secret), StandardCharsets.US_ASCII);

        assertEquals("CLIENT_RANDOM " + HexFormat.of().formatHex(random) + " " + HexFormat.of().formatHex(secret)
                + "\n", line);
        assertEquals("CLIENT_RANDOM a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf "
                + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "202122232425262728292a2b2c2d2e2f\n", line);
        assertTrue(LINE.matcher(line).matches(), line);
    }

    @Test
    void open_creates_an_owner_only_file() throws Exception {
        Path file = root.resolve("keys/sslkeylog.txt");

        try (AppendingTlsKeyLog log = AppendingTlsKeyLog.open(file)) {
            assertEquals(file, log.file());
        }

        assertEquals("rw-------", permissions(file));
        assertEquals(0, Files.size(file));
    }

    @Test
    void append_writes_one_line_per_session() throws Exception {
        Path file = root.resolve("sslkeylog.txt");

        try (AppendingTlsKeyLog log = AppendingTlsKeyLog.open(file)) {
            append(log, 0x10);
            append(log, 0x20);
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertEquals(2, lines.size());
        assertEquals(new String(AppendingTlsKeyLog.format(bytes(32, 0x10), bytes(48, 0x11)),
                StandardCharsets.US_ASCII), lines.get(0) + "\n");
        assertTrue(LINE.matcher(lines.get(1) + "\n").matches(), lines.get(1));
    }

    @Test
    void opening_an_existing_file_appends_and_resets_it_to_owner_only() throws Exception {
        Path file = root.resolve("sslkeylog.txt");
        String previous = "# an earlier capture\n" + "CLIENT_RANDOM 00 11\n".repeat(1000);
        Files.writeString(file, previous, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        try (AppendingTlsKeyLog log = AppendingTlsKeyLog.open(file)) {
            assertEquals("rw-------", permissions(file));
            append(log, 0x30);
        }

        String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith(previous), "previous content kept");
        assertEquals(new String(AppendingTlsKeyLog.format(bytes(32, 0x30), bytes(48, 0x31)),
                StandardCharsets.US_ASCII), text.substring(previous.length()));
    }

    @Test
    void reopening_keeps_the_lines_of_earlier_runs() throws Exception {
        Path file = root.resolve("sslkeylog.txt");

        try (AppendingTlsKeyLog log = AppendingTlsKeyLog.open(file)) {
            append(log, 0x40);
        }
        try (AppendingTlsKeyLog log = AppendingTlsKeyLog.open(file)) {
            append(log, 0x50);
        }

        assertEquals(2, Files.readAllLines(file).size());
        assertEquals("rw-------", permissions(file));
    }

    @Test
    void append_after_close_writes_nothing() throws Exception {
        Path file = root.resolve("sslkeylog.txt");
        AppendingTlsKeyLog log = AppendingTlsKeyLog.open(file);
        log.close();

        append(log, 0x60);
        log.close();

        assertEquals(0, Files.size(file));
    }

    private static void append(AppendingTlsKeyLog log, int first) {
        log.append(PEER, new PreSharedKeyIdentity("dev-1"), new Random(bytes(32, first)),
                new SecretKeySpec(bytes(48, first + 1), "MAC"));
    }

    /** {@code length} bytes counting up from {@code first}. */
    private static byte[] bytes(int length, int first) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }

    private static String permissions(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
