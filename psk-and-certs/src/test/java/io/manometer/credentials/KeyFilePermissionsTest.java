package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilePermissionsTest {

    @TempDir
    Path dir;

    @Test
    void a_key_readable_by_others_is_refused_with_the_command_that_fixes_it() throws Exception {
        Path key = file("server.key", "rw-r--r--");

        CredentialsException e = assertThrows(CredentialsException.class,
                () -> KeyFilePermissions.requirePrivate(List.of(key)));

        assertEquals(key + " is readable by group/others (mode 0644); run: chmod 600 " + key, e.getMessage());
    }

    @Test
    void a_group_writable_key_is_refused_too() throws Exception {
        Path key = file("ca.key", "rw--w----");

        CredentialsException e = assertThrows(CredentialsException.class,
                () -> KeyFilePermissions.requirePrivate(List.of(key)));

        assertEquals(key + " is writable by group/others (mode 0620); run: chmod 600 " + key, e.getMessage());
    }

    @Test
    void several_open_files_name_the_first_and_count_the_rest() throws Exception {
        Path a = file("a.psk", "rw-r-----");
        Path b = file("b.psk", "rw----r--");
        Path c = file("c.psk", "rw-------");

        CredentialsException e = assertThrows(CredentialsException.class,
                () -> KeyFilePermissions.requirePrivate(List.of(c, b, a)));

        assertEquals(a + " is readable by group/others (mode 0640); run: chmod 600 " + a + " (and 1 more: chmod 600 "
                + b + ")", e.getMessage());
    }

    @Test
    void private_and_missing_files_pass() throws Exception {
        Path key = file("server.key", "rw-------");
        Path readOnly = file("other.key", "r--------");

        assertDoesNotThrow(() -> KeyFilePermissions.requirePrivate(List.of(key, readOnly, dir.resolve("none.key"))));
    }

    @Test
    void generated_credentials_pass_the_server_check() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(dir.resolve("credentials"), "dev-1", "dev-2");

        List<Path> secrets = KeyFilePermissions.serverSecrets(layout);

        assertEquals(4, secrets.size(), secrets.toString());
        assertDoesNotThrow(() -> KeyFilePermissions.requirePrivate(secrets));
    }

    @Test
    void the_mode_is_the_octal_number_chmod_takes() {
        assertEquals(0754, KeyFilePermissions.mode(PosixFilePermissions.fromString("rwxr-xr--")));
        assertEquals(0600, KeyFilePermissions.mode(PosixFilePermissions.fromString("rw-------")));
    }

    private Path file(String name, String permissions) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}
