package io.manometer.credentials;

import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * {@code observers.txt}: the devices that may read every device's readings, one id per line, so that granting a
 * dashboard or gateway that right is an edit a person can review. Every other device reads only its own.
 */
final class ObserversFile {

    static final String HEADER = "# devices allowed to read every device's readings (GET /pressure); one id per line";

    private ObserversFile() {
    }

    /**
     * The observers listed in {@code file}, or none if it does not exist. Blank lines and lines starting with
     * {@code #} are skipped; an invalid id, or one {@code registered} does not accept, is reported with its line.
     */
    static SortedSet<DeviceId> read(Path file, Predicate<DeviceId> registered) throws CredentialsException {
        List<String> lines;
        try {
            // ISO-8859-1 decodes any byte, so a stray one is reported as a bad id on its line, not as a charset error
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return Collections.emptySortedSet();
        } catch (IOException e) {
            throw new CredentialsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        SortedSet<DeviceId> observers = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": '" + line + "'";
            if (!DeviceId.isValid(line)) {
                throw new CredentialsException(where + " is not a valid device id");
            }
            DeviceId id = DeviceId.of(line);
            if (!registered.test(id)) {
                throw new CredentialsException(where + " is not a registered device");
            }
            observers.add(id);
        }
        return observers;
    }

    /** Replaces {@code file} atomically with the header and {@code observers} in order; it is not secret. */
    static void write(Path file, Set<DeviceId> observers) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        new TreeSet<>(observers).forEach(id -> text.append(id.value()).append('\n'));
        PemFiles.write(file, text.toString(), PemFiles.PUBLIC);
    }
}
