package io.manometer.it.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.CredentialsLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server and device honour {@code SSLKEYLOGFILE}, the key log convention of browsers, curl and OpenSSL tools, when
 * {@code --keylog} is not given, and {@code --keylog} wins when both are: checked on the real jars, because the
 * environment is read by their command lines.
 */
class KeyLogFromEnvironmentIT {

    @TempDir
    Path dir;

    private CredentialsLayout credentials;

    @BeforeEach
    void provision() throws Exception {
        credentials = Captures.credentials(dir.resolve("credentials"), "dev-1");
    }

    @Test
    void server_and_device_append_to_SSLKEYLOGFILE_when_no_keylog_option_is_given() throws Exception {
        Path serverLog = dir.resolve("server-env.log");
        Path deviceLog = dir.resolve("device-env.log");
        try (Jars.Server server = Jars.server(dir, credentials.root(), Map.of("SSLKEYLOGFILE",
                serverLog.toString()))) {
            assertEquals(0, device(server, Map.of("SSLKEYLOGFILE", deviceLog.toString())),
                    Files.readString(dir.resolve("device.out")));
        }

        List<String> serverLines = Files.readAllLines(serverLog);
        assertEquals(1, serverLines.size(), serverLines.toString());
        assertTrue(serverLines.get(0).matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}"), "NSS key log line");
        // both ends log the same session: the same client random and master secret
        assertEquals(serverLines, Files.readAllLines(deviceLog));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(serverLog)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(deviceLog)));
    }

    @Test
    void the_keylog_option_wins_over_SSLKEYLOGFILE_and_an_empty_variable_means_off() throws Exception {
        Path fromOption = dir.resolve("option.log");
        Path fromEnvironment = dir.resolve("environment.log");
        try (Jars.Server server = Jars.server(dir, credentials.root(), Map.of("SSLKEYLOGFILE", ""))) {
            assertEquals(0, device(server, Map.of("SSLKEYLOGFILE", fromEnvironment.toString()), "--keylog",
                    fromOption.toString()), Files.readString(dir.resolve("device.out")));
        }

        assertEquals(1, Files.readAllLines(fromOption).size());
        assertFalse(Files.exists(fromEnvironment), "SSLKEYLOGFILE was used although --keylog was given");
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> keyLogs = files.filter(Files::isRegularFile).filter(KeyLogFromEnvironmentIT::isKeyLog)
                    .map(f -> dir.relativize(f).toString()).toList();
            assertEquals(List.of("option.log"), keyLogs, "the server wrote a key log although SSLKEYLOGFILE was empty");
        }
    }

    private static boolean isKeyLog(Path file) {
        try {
            return Captures.contains(Files.readAllBytes(file), "CLIENT_RANDOM ".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int device(Jars.Server server, Map<String, String> environment, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--credentials", credentials.root().toString(),
                "--id", "dev-1", "--mode", "psk", "--server", server.uri().toString(), "--count", "1",
                "--state", dir.resolve("state").toString()));
        args.addAll(List.of(extra));
        return Jars.device(dir.resolve("device.out"), environment, args.toArray(String[]::new));
    }
}
