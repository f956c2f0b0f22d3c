package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.credentials.CredentialsLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * libcoap's raw public key option ({@code -M}, GnuTLS builds) reads only a SEC1 "EC PRIVATE KEY" PEM and refuses
 * our PKCS#8 files ("Base64 unexpected header error."). This runs the one-time conversion README.md gives users,
 * {@code openssl ec -in devices/ID.key -out gnutls/ID.key}; certificates ({@code -c/-j}) take the files as they are.
 */
final class GnutlsKeys {

    private static final String FOLDER = "gnutls";

    private GnutlsKeys() {
    }

    /** Converts {@code key} (relative to the credentials folder) and returns the new file's relative path. */
    static String convert(CredentialsLayout layout, String key) {
        String converted = FOLDER + "/" + key.substring(key.lastIndexOf('/') + 1);
        try {
            Files.createDirectories(layout.root().resolve(FOLDER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ForeignProcess openssl = ForeignProcess.start(layout.root(), List.of(ForeignTool.OPENSSL.require(),
                "ec", "-in", key, "-out", converted), false)) {
            assertEquals(0, openssl.awaitExit(Duration.ofSeconds(10)), openssl::describe);
        }
        return converted;
    }

    static String deviceKey(CredentialsLayout layout, String id) {
        return convert(layout, "devices/" + id + ".key");
    }

    static String serverKey(CredentialsLayout layout) {
        return convert(layout, "server.key");
    }
}
