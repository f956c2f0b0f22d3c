package io.manometer.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.manometer.cli.Cli;
import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import io.manometer.protocol.DeviceId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Like ssh, the server will not start with a secret others can read; it says which file and how to fix it. */
class ServerMainPermissionsTest {

    @TempDir
    Path dir;

    @Test
    void a_server_key_readable_by_others_stops_the_start_with_one_line() throws Exception {
        CredentialsLayout layout = new CredentialsLayout(dir.resolve("credentials"));
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, List.of(DeviceId.of("dev-1")), false);
        Files.setPosixFilePermissions(layout.serverKey(), PosixFilePermissions.fromString("rw-r--r--"));

        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Cli.run("server", new ServerMain(), "--credentials", layout.root().toString(), "--port", "0",
                    "--db", dir.resolve("readings.db").toString(), "--dtls-state",
                    dir.resolve("dtls-state.bin").toString());
        } finally {
            System.setErr(stderr);
        }

        assertEquals(Cli.FAILURE, code);
        assertEquals("server: " + layout.serverKey() + " is readable by group/others (mode 0644); run: chmod 600 "
                + layout.serverKey() + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("readings.db")), "nothing is created before the check");
    }
}
