package io.manometer.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.fleet.FleetMain;
import io.manometer.protocol.DeviceId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
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
        // without POSIX permissions there is nothing to check (the check logs a warning and lets the file pass);
        // CI runs on Linux, where skipping would hide a regression
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        if (!posix && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("the temporary folder " + dir + " has no POSIX permissions on CI");
        }
        assumeTrue(posix, "the temporary folder's file system has no POSIX permissions");
        layout = new CredentialsLayout(dir.resolve("credentials"));
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, List.of(DeviceId.of("dev-1"), DeviceId.of("dev-2"),
                DeviceId.of("dev-3")), false);
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

    @Test
    void an_ecdhe_psk_device_checks_its_psk_too() throws Exception {
        Path psk = layout.devicePsk(DeviceId.of("dev-3"));
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-r-----"));

        CliException e = assertThrows(CliException.class,
                () -> DeviceMain.load(layout, DeviceId.of("dev-3"), CredentialMode.ECDHE_PSK));
        assertEquals(Cli.FAILURE, e.exitCode());
        assertEquals(psk + " is readable by group/others (mode 0640); run: chmod 600 " + psk, e.getMessage());
    }

    @Test
    void a_fleet_names_the_first_open_secret_and_counts_the_others_in_one_line() throws Exception {
        List<Path> psks = List.of(layout.devicePsk(DeviceId.of("dev-1")), layout.devicePsk(DeviceId.of("dev-2")),
                layout.devicePsk(DeviceId.of("dev-3")));
        for (Path psk : psks) {
            Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw----r--"));
        }

        String err = run("fleet", new FleetMain(), "--credentials", layout.root().toString(), "--devices", "3",
                "--mode", "psk", "--duration", "1s", "--server", "coaps://127.0.0.1:1");

        assertEquals("fleet: " + psks.get(0) + " is readable by group/others (mode 0604); run: chmod 600 "
                + psks.get(0) + " (and 2 more: chmod 600 " + psks.get(1) + " " + psks.get(2) + ")"
                + System.lineSeparator(), err);
    }

    @Test
    void certificates_and_public_keys_others_can_read_are_not_secrets() throws Exception {
        DeviceId device = DeviceId.of("dev-1");
        for (Path shared : List.of(layout.deviceCertificate(device), layout.devicePublicKey(device))) {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        }

        // the secret of the other modes is not read, so it is not checked either
        Files.setPosixFilePermissions(layout.devicePsk(device), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(device, DeviceMain.load(layout, device, CredentialMode.X509).id());
        assertEquals(device, DeviceMain.load(layout, device, CredentialMode.RPK).id());
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
