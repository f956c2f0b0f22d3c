package io.manometer.credentials.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.credentials.TestCredentials;
import io.manometer.protocol.DeviceId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code credentials revoke}, and what the other commands make of a revoked device. */
class RevokeCommandTest {

    private static final DeviceId DEV_2 = DeviceId.of("dev-2");

    @TempDir
    Path dir;

    private CredentialsLayout layout;

    @BeforeEach
    void credentials() throws Exception {
        layout = TestCredentials.provision(dir, "dev-1", "dev-2");
    }

    @Test
    void revoke_lists_the_device_deletes_its_psk_and_keeps_its_certificate_and_public_key() throws Exception {
        Run run = run("revoke", "dev-2", "--dir", dir.toString(), "--reason", "lost\nin the field");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("revoked dev-2: listed in " + layout.revoked()), run.out());
        List<String> lines = Files.readAllLines(layout.revoked());
        assertTrue(lines.get(0).startsWith("# "), lines.toString());
        assertTrue(lines.get(1).matches("dev-2  # revoked \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: lost\\?in the"
                + " field"), lines.get(1));
        assertFalse(Files.exists(layout.devicePsk(DEV_2)), "the PSK is a secret with no further use");
        assertTrue(Files.exists(layout.deviceCertificate(DEV_2)), "kept as a record");
        assertTrue(Files.exists(layout.devicePublicKey(DEV_2)), "kept as a record");
        assertEquals(Set.of(DeviceId.of("dev-1")), DeviceRegistry.load(layout).devices());
    }

    @Test
    void revoking_again_says_so_and_succeeds() {
        run("revoke", "dev-2", "--dir", dir.toString());

        Run again = run("revoke", "dev-2", "--dir", dir.toString());

        assertEquals(0, again.exitCode(), again.err());
        assertEquals("dev-2 was already revoked (" + layout.revoked() + ")" + System.lineSeparator(), again.out());
    }

    @Test
    void an_unknown_device_is_a_usage_error_and_nothing_is_written() {
        Run run = run("revoke", "dev-1", "ghost-7", "--dir", dir.toString());

        assertEquals(Cli.USAGE, run.exitCode());
        assertEquals("credentials: unknown device 'ghost-7': no credentials in " + layout.devices()
                + System.lineSeparator(), run.err());
        assertFalse(Files.exists(layout.revoked()));
        assertTrue(Files.exists(layout.devicePsk(DeviceId.of("dev-1"))));
    }

    @Test
    void list_shows_revoked_devices_as_such() {
        run("revoke", "dev-2", "--dir", dir.toString());

        Run run = run("list", "--dir", dir.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("device  dev-1                psk,rpk,x509"), run.out());
        assertTrue(run.out().contains("device  dev-2                rpk,x509      revoked"), run.out());
    }

    @Test
    void add_device_refuses_a_revoked_id_even_with_force() {
        run("revoke", "dev-2", "--dir", dir.toString());

        Run run = run("add-device", "dev-2", "--dir", dir.toString(), "--force");

        assertEquals(Cli.FAILURE, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("dev-2 is revoked"), run.err());
        assertFalse(Files.exists(layout.devicePsk(DEV_2)));
    }

    @Test
    void init_force_forgets_the_revocations_of_the_old_ca() {
        run("revoke", "dev-2", "--dir", dir.toString());

        Run run = run("init", "--dir", dir.toString(), "--devices", "dev-1,dev-2", "--force");

        assertEquals(0, run.exitCode(), run.err());
        assertFalse(Files.exists(layout.revoked()));
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode = Cli.run("credentials", new CredentialsMain(), args);
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
