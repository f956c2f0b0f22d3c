package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PskFilesTest {

    private static final String KEY = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    @TempDir
    Path root;

    @Test
    void provisioned_psk_file_is_one_printable_ascii_line_of_full_length() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");

        String text = Files.readString(layout.devicePsk(DeviceId.of("dev-1")), StandardCharsets.ISO_8859_1);

        assertTrue(text.endsWith("\n"), "ends with a newline");
        String line = text.substring(0, text.length() - 1);
        assertEquals(-1, line.indexOf('\n'), "one line");
        assertTrue(line.length() >= PskGenerator.LENGTH, "length " + line.length());
        assertTrue(line.chars().allMatch(c -> c > 0x20 && c < 0x7f), "printable ASCII");
        assertArrayEquals(line.getBytes(StandardCharsets.US_ASCII), PskFiles.read(layout.devicePsk(
                DeviceId.of("dev-1"))));
    }

    @Test
    void write_then_read_gives_the_ascii_bytes_of_the_line_in_an_owner_only_file() throws Exception {
        Path file = root.resolve("dev-1.psk");

        PskFiles.write(file, KEY);

        assertEquals(KEY + "\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(KEY.getBytes(StandardCharsets.US_ASCII), PskFiles.read(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\r\n"})
    void the_line_ending_is_not_part_of_the_key(String ending) throws Exception {
        Path file = root.resolve("dev-1.psk");
        Files.writeString(file, KEY + ending);

        assertArrayEquals(KEY.getBytes(StandardCharsets.US_ASCII), PskFiles.read(file));
    }

    @Test
    void a_short_key_is_rejected_naming_the_file() throws Exception {
        Path file = root.resolve("dev-1.psk");
        Files.writeString(file, "x".repeat(PskFiles.MIN_LENGTH - 1) + "\n");

        CredentialsException e = assertThrows(CredentialsException.class, () -> PskFiles.read(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(PskFiles.MIN_LENGTH)), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "\n",
        "AbCdEfGhIj KlMnOpQrStUv",
        "AbCdEfGhIj\tKlMnOpQrStUv",
        "AbCdEfGhIj\0KlMnOpQrStUv",
        "AbCdEfGhIjKlMnOpQrStUv\u00e9",
        "AbCdEfGhIjKlMnOpQrStUv\u007f",
        "AbCdEfGhIjKlMnOpQrStUv\nAbCdEfGhIjKlMnOpQrStUv\n",
        "AbCdEfGhIjKlMnOpQrStUv\n\n"
    })
    void a_key_that_is_not_one_printable_line_is_rejected(String content) throws Exception {
        Path file = root.resolve("dev-1.psk");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);

        CredentialsException e = assertThrows(CredentialsException.class, () -> PskFiles.read(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void a_missing_file_is_named_in_the_error() {
        Path file = root.resolve("devices/nobody.psk");

        CredentialsException e = assertThrows(CredentialsException.class, () -> PskFiles.read(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
