package io.manometer.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.cli.Cli;
import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import io.manometer.device.fleet.FleetMain;
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
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Like the server (and ssh), a device will not use a secret others can read; it names the file and the fix. */
class KeyFilePermissionsCliTest {

    @TempDir
    Path dir;

    private CredentialsLayout layout;

    @BeforeEach
    void credentials() throws Exception {
        layout = new CredentialsLayout(dir.resolve("credentials"));
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, List.of(DeviceId.of("dev-1"), DeviceId.of("dev-2")), false);
    }

    @Test
    void a_device_whose_psk_others_can_read_does_not_start() throws Exception {
        Path psk = layout.devicePsk(DeviceId.of("dev-1"));
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-r--r--"));

        String err = run("device", new DeviceMain(), "--credentials", layout.root().toString(), "--id", "dev-1",
                "--mode", "psk", "--count", "1", "--server", "coaps://127.0.0.1:1", "--state",
                dir.resolve("state").toString());

        assertEquals("device: " + psk + " is readable by group/others (mode 0644); run: chmod 600 " + psk
                + System.lineSeparator(), err);
    }

    @Test
    void a_fleet_with_one_private_key_others_can_read_does_not_start() throws Exception {
        Path key = layout.deviceKey(DeviceId.of("dev-2"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw----"));

        String err = run("fleet", new FleetMain(), "--credentials", layout.root().toString(), "--devices", "2",
                "--mode", "x509", "--duration", "1s", "--server", "coaps://127.0.0.1:1");

        assertEquals("fleet: " + key + " is readable by group/others (mode 0660); run: chmod 600 " + key
                + System.lineSeparator(), err);
    }

    /** Runs the command, expects exit code 1, returns what it printed on stderr. */
    private static String run(String name, Callable<Integer> command, String... args) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Cli.run(name, command, args);
        } finally {
            System.setErr(stderr);
        }
        assertEquals(Cli.FAILURE, code, err.toString(StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8);
    }
}
