package io.manometer.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@code .psk} file holds one line of printable ASCII; the key bytes are that line's ASCII bytes, exactly what
 * libcoap's {@code -k KEY} uses, so the same file works for our devices and for foreign clients.
 */
public final class PskFiles {

    /** Shorter keys cannot carry 128 bits of entropy even if every printable character were random. */
    public static final int MIN_LENGTH = 20;

    private PskFiles() {
    }

    public static byte[] read(Path file) throws CredentialsException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new CredentialsException(file + " not found");
        } catch (IOException e) {
            throw new CredentialsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String line = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (line.length() < MIN_LENGTH) {
            throw new CredentialsException(file + ": PSK must be one line of at least " + MIN_LENGTH
                    + " printable ASCII characters");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new CredentialsException(file + ": PSK must be one line of printable ASCII without spaces");
            }
        }
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    public static void write(Path file, String psk) throws IOException {
        PemFiles.write(file, text(psk), PemFiles.PRIVATE);
    }

    /** The content of a {@code .psk} file: the key and a newline. */
    static String text(String psk) {
        return psk + "\n";
    }
}
