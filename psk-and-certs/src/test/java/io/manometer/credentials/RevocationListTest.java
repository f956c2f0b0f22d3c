package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationListTest {

    private static final Path FILE = Path.of("credentials/revoked.txt");

    @TempDir
    Path dir;

    @Test
    void ids_are_read_with_comments_blank_lines_and_whitespace_skipped() throws Exception {
        RevocationList list = RevocationList.parse(List.of(
                "# devices whose credentials are revoked",
                "",
                "dev-3  # revoked 2026-11-22T10:00:00Z: lost in the field",
                "  pump_7\t",
                "dev-3",
                "#dev-9"), FILE);

        assertEquals(Set.of(DeviceId.of("dev-3"), DeviceId.of("pump_7")), list.devices());
    }

    @Test
    void an_invalid_id_is_reported_with_file_and_line() {
        CredentialsException e = assertThrows(CredentialsException.class,
                () -> RevocationList.parse(List.of("dev-1", "dev 2 # typo"), FILE));

        assertEquals(FILE + " line 2: 'dev 2' is not a valid device id", e.getMessage());
    }

    @Test
    void a_missing_file_revokes_nothing() throws Exception {
        assertTrue(RevocationList.read(dir.resolve("revoked.txt")).isEmpty());
    }

    @Test
    void since_names_only_the_newly_listed_devices() throws Exception {
        RevocationList list = RevocationList.parse(List.of("a", "b", "c"), FILE);

        assertEquals(Set.of(DeviceId.of("c")), list.since(Set.of(DeviceId.of("a"), DeviceId.of("b"))));
    }
}
