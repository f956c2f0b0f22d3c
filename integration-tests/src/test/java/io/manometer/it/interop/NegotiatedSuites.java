package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Asserts the cipher suite every client/server pair negotiated and records it in
 * {@code target/interop-suites.tsv} (client, server, mode, suite), the measured source of the table in
 * README.md.
 */
final class NegotiatedSuites {

    private static final Path RECORD = Path.of("target", "interop-suites.tsv");
    /** The first record of a test run starts the file afresh. */
    private static boolean started;

    private NegotiatedSuites() {
    }

    static void assertSuite(String expected, Optional<String> negotiated, String client, String server,
            String mode, Object evidence) {
        String suite = negotiated.orElse("(none logged)");
        record(client, server, mode, suite);
        assertEquals(expected, suite, () -> client + " -> " + server + " (" + mode + ")\n" + evidence);
    }

    private static synchronized void record(String client, String server, String mode, String suite) {
        String line = String.join("\t", client, server, mode, suite) + "\n";
        try {
            Files.createDirectories(RECORD.toAbsolutePath().getParent());
            Files.writeString(RECORD, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, started
                    ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
