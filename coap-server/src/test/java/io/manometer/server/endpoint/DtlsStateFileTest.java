package io.manometer.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.californium.elements.PersistentComponent;
import org.eclipse.californium.elements.PersistentComponentProvider;
import org.eclipse.californium.elements.util.DataStreamReader;
import org.eclipse.californium.elements.util.DatagramWriter;
import org.eclipse.californium.elements.util.SerializationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Saving and restoring DTLS state through a fake connector component, so the file format, its protection and every
 * way a state file can be unusable are checked without a handshake or a socket.
 */
class DtlsStateFileTest {

    private static final Instant SAVED_AT = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofHours(1);
    private static final List<String> CONNECTIONS = List.of("session-secret-of-dev-1", "session-secret-of-dev-2");
    /** Magic (8), saved-at (8), then the 12-byte nonce; the ciphertext and its tag follow. */
    private static final int CIPHERTEXT_OFFSET = 8 + 8 + 12;

    @TempDir
    Path dir;

    private final FakeComponent saved = new FakeComponent(CONNECTIONS);
    private final FakeComponent restored = new FakeComponent(List.of());

    @Test
    void saved_connections_are_restored_into_the_component() throws IOException {
        assertEquals(2, stateAt(SAVED_AT).save(provider(saved)));

        int count = stateAt(SAVED_AT.plusSeconds(60)).restore(provider(restored));

        assertEquals(2, count);
        assertEquals(CONNECTIONS, restored.loaded);
        assertEquals(MAX_AGE.toSeconds(), saved.staleThreshold, "connections idle longer than maxAge are skipped");
    }

    @Test
    void the_state_file_is_deleted_once_restored_so_it_is_never_loaded_twice() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));

        stateAt(SAVED_AT).restore(provider(restored));

        assertFalse(Files.exists(stateFile()));
        assertEquals(0, stateAt(SAVED_AT).restore(provider(new FakeComponent(List.of()))));
    }

    @Test
    void the_state_file_and_the_key_file_are_readable_by_the_owner_only() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
        assertEquals(Set.of(stateFile(), keyFile()), filesInDir(), "no temporary file may be left behind");
    }

    @Test
    void the_state_file_does_not_hold_the_connections_in_clear() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));

        String file = new String(Files.readAllBytes(stateFile()), StandardCharsets.ISO_8859_1);

        assertFalse(file.contains("session-secret"), "the state file holds session keys; it must be encrypted");
    }

    @Test
    void an_existing_key_file_is_kept() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));
        byte[] key = Files.readAllBytes(keyFile());

        stateAt(SAVED_AT).save(provider(saved));

        assertArrayEquals(key, Files.readAllBytes(keyFile()));
        assertEquals(2, stateAt(SAVED_AT).restore(provider(restored)));
    }

    @Test
    void a_missing_state_file_restores_nothing() {
        assertEquals(0, stateAt(SAVED_AT).restore(provider(restored)));

        assertEquals(List.of(), restored.loaded);
        assertEquals(0, restored.loads);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 12, 20, CIPHERTEXT_OFFSET, CIPHERTEXT_OFFSET + 7, -1})
    void a_state_file_with_one_changed_byte_is_ignored_and_deleted(int position) throws IOException {
        stateAt(SAVED_AT).save(provider(saved));
        byte[] bytes = Files.readAllBytes(stateFile());
        int index = position < 0 ? bytes.length + position : position;
        bytes[index] ^= 0x01;
        Files.write(stateFile(), bytes);

        assertEquals(0, stateAt(SAVED_AT).restore(provider(restored)));

        assertNothingLoadedAndFileGone();
    }

    @Test
    void a_state_file_older_than_the_maximum_age_is_ignored_and_deleted() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));

        assertEquals(0, stateAt(SAVED_AT.plus(MAX_AGE).plusSeconds(1)).restore(provider(restored)));

        assertNothingLoadedAndFileGone();
    }

    @Test
    void a_state_file_exactly_the_maximum_age_old_is_still_restored() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));

        assertEquals(2, stateAt(SAVED_AT.plus(MAX_AGE)).restore(provider(restored)));
    }

    @Test
    void a_state_file_saved_in_the_future_is_ignored_and_deleted() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));

        assertEquals(0, stateAt(SAVED_AT.minusSeconds(60)).restore(provider(restored)));

        assertNothingLoadedAndFileGone();
    }

    @Test
    void a_state_file_encrypted_with_another_key_is_ignored_and_deleted() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));
        byte[] otherKey = new byte[32];
        new Random(42).nextBytes(otherKey);
        Files.writeString(keyFile(), Base64.getEncoder().encodeToString(otherKey) + "\n");

        assertEquals(0, stateAt(SAVED_AT).restore(provider(restored)));

        assertNothingLoadedAndFileGone();
    }

    @Test
    void a_state_file_without_its_key_file_is_ignored_and_deleted() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));
        Files.delete(keyFile());

        assertEquals(0, stateAt(SAVED_AT).restore(provider(restored)));

        assertNothingLoadedAndFileGone();
        assertFalse(Files.exists(keyFile()), "restoring must not create a key");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, CIPHERTEXT_OFFSET, CIPHERTEXT_OFFSET + 8, -1})
    void a_truncated_state_file_is_ignored_and_deleted(int keptOrCut) throws IOException {
        stateAt(SAVED_AT).save(provider(saved));
        byte[] bytes = Files.readAllBytes(stateFile());
        int length = keptOrCut < 0 ? bytes.length + keptOrCut : keptOrCut;
        Files.write(stateFile(), Arrays.copyOf(bytes, length));

        assertEquals(0, stateAt(SAVED_AT).restore(provider(restored)));

        assertNothingLoadedAndFileGone();
    }

    @Test
    void a_garbage_file_is_ignored_and_deleted() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));
        byte[] garbage = new byte[512];
        new Random(7).nextBytes(garbage);
        Files.write(stateFile(), garbage);

        assertEquals(0, stateAt(SAVED_AT).restore(provider(restored)));

        assertNothingLoadedAndFileGone();
    }

    @Test
    void a_file_with_a_valid_header_but_garbage_after_it_is_ignored_and_deleted() throws IOException {
        stateAt(SAVED_AT).save(provider(saved));
        byte[] bytes = Files.readAllBytes(stateFile());
        byte[] garbage = new byte[bytes.length - 16];
        new Random(11).nextBytes(garbage);
        // keep the magic and the saved-at time, so it is the decryption that must refuse the file
        System.arraycopy(garbage, 0, bytes, 16, garbage.length);
        Files.write(stateFile(), bytes);

        assertEquals(0, stateAt(SAVED_AT).restore(provider(restored)));

        assertNothingLoadedAndFileGone();
    }

    private void assertNothingLoadedAndFileGone() {
        assertEquals(0, restored.loads, "nothing of an unusable file may reach the connector");
        assertFalse(Files.exists(stateFile()), "an unusable state file must be deleted too");
    }

    private DtlsStateFile stateAt(Instant now) {
        return new DtlsStateFile(stateFile(), keyFile(), MAX_AGE, Clock.fixed(now, ZoneOffset.UTC));
    }

    private Path stateFile() {
        return dir.resolve("dtls-state.bin");
    }

    private Path keyFile() {
        return dir.resolve("dtls-state.key");
    }

    private Set<Path> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toSet());
        }
    }

    private static PersistentComponentProvider provider(PersistentComponent component) {
        return () -> List.of(component);
    }

    /**
     * Stands in for a DTLS connector's connection store: it saves each connection as one item the way Californium
     * frames them (version, 16-bit length, bytes; a zero version ends the list) and records what it loads.
     */
    private static final class FakeComponent implements PersistentComponent {

        private static final int VERSION = 1;

        private final List<String> connections;
        private final List<String> loaded = new ArrayList<>();
        private int loads;
        private long staleThreshold;

        FakeComponent(List<String> connections) {
            this.connections = connections;
        }

        @Override
        public String getLabel() {
            return "test";
        }

        @Override
        public int save(OutputStream out, long staleThresholdInSeconds) throws IOException {
            staleThreshold = staleThresholdInSeconds;
            DatagramWriter writer = new DatagramWriter();
            for (String connection : connections) {
                int position = SerializationUtil.writeStartItem(writer, VERSION, Short.SIZE);
                writer.writeBytes(connection.getBytes(StandardCharsets.UTF_8));
                SerializationUtil.writeFinishedItem(writer, position, Short.SIZE);
            }
            SerializationUtil.writeNoItem(writer);
            writer.writeTo(out);
            return connections.size();
        }

        @Override
        public int load(InputStream in, long deltaNanos) {
            loads++;
            DataStreamReader reader = new DataStreamReader(in);
            int count = 0;
            int length;
            while ((length = SerializationUtil.readStartItem(reader, VERSION, Short.SIZE)) >= 0) {
                loaded.add(new String(reader.readBytes(length), StandardCharsets.UTF_8));
                count++;
            }
            return count;
        }
    }
}
