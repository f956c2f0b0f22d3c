package io.manometer.server.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.manometer.credentials.RevocationList;
import io.manometer.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher hands every new version of the deny list to its listener, and nothing else. */
class RevocationWatcherTest {

    private static final long BOUND_SECONDS = 20;

    @TempDir
    Path dir;

    private final BlockingQueue<RevocationList> delivered = new LinkedBlockingQueue<>();

    @Test
    void the_current_list_is_delivered_at_start_and_each_change_after() throws Exception {
        Path file = dir.resolve("revoked.txt");
        replace(file, "dev-1\n");
        try (RevocationWatcher watcher = new RevocationWatcher(new RevocationWatch(file, Duration.ofMillis(50)),
                delivered::add)) {
            watcher.start();
            assertEquals(Set.of(DeviceId.of("dev-1")), next().devices());

            replace(file, "dev-1\ndev-3  # revoked\n");

            assertEquals(Set.of(DeviceId.of("dev-1"), DeviceId.of("dev-3")), next().devices());
        }
    }

    @Test
    void an_unchanged_file_is_not_delivered_again() throws Exception {
        Path file = dir.resolve("revoked.txt");
        replace(file, "dev-1\n");
        try (RevocationWatcher watcher = new RevocationWatcher(new RevocationWatch(file, Duration.ofHours(1)),
                delivered::add)) {
            watcher.start();
            next();

            watcher.check();
            watcher.check();

            assertNull(delivered.poll(), "nothing changed, so nothing is delivered");
        }
    }

    @Test
    void a_broken_edit_is_skipped_and_the_next_good_one_applies() throws Exception {
        Path file = dir.resolve("revoked.txt");
        try (RevocationWatcher watcher = new RevocationWatcher(new RevocationWatch(file, Duration.ofHours(1)),
                delivered::add)) {
            watcher.start();
            assertEquals(Set.of(), next().devices(), "a missing file revokes nothing");

            replace(file, "dev 1\n");
            watcher.check();
            assertNull(delivered.poll(), "an invalid list is not applied");

            replace(file, "dev-1\n");
            watcher.check();
            assertEquals(Set.of(DeviceId.of("dev-1")), next().devices());
        }
    }

    private RevocationList next() throws InterruptedException {
        RevocationList list = delivered.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertNotNull(list, "no list delivered within " + BOUND_SECONDS + " s");
        return list;
    }

    /** As {@code credentials revoke} does it: a new file renamed over the old one. */
    private static void replace(Path file, String text) throws Exception {
        Path temporary = Files.writeString(file.resolveSibling(".revoked.tmp"), text);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
