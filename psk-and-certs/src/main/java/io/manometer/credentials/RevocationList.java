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

/**
 * The deny list {@code revoked.txt}: devices whose credentials the server refuses in every mode, even though their
 * certificate still chains to the CA (it is our CRL, keyed by the certificate's CN) and their public key is still on
 * disk. A plain text file, so that a revocation is something a person can read and review:
 * <pre>
 * # devices whose credentials are revoked; one id per line, '#' starts a comment
 * dev-3  # revoked 2026-11-22T10:00:00Z: lost in the field
 * </pre>
 */
public record RevocationList(SortedSet<DeviceId> devices) {

    static final String HEADER = "# devices whose credentials are revoked: the server refuses them in every mode"
            + " (PSK, RPK, certificate CN); one id per line, '#' starts a comment";

    public RevocationList {
        devices = Collections.unmodifiableSortedSet(new TreeSet<>(devices));
    }

    public static RevocationList empty() {
        return new RevocationList(new TreeSet<>());
    }

    /** The list in {@code file}, or an empty one if it does not exist; an invalid id is reported with its line. */
    public static RevocationList read(Path file) throws CredentialsException {
        List<String> lines;
        try {
            // ISO-8859-1 decodes any byte, so a stray one is reported as a bad id on its line, not as a charset error
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new CredentialsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file);
    }

    /** Blank lines are skipped and {@code #} starts a comment anywhere on a line; what is left must be one id. */
    static RevocationList parse(List<String> lines, Path file) throws CredentialsException {
        SortedSet<DeviceId> devices = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String id = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!DeviceId.isValid(id)) {
                throw new CredentialsException(file + " line " + (i + 1) + ": '" + id + "' is not a valid device id");
            }
            devices.add(DeviceId.of(id));
        }
        return new RevocationList(devices);
    }

    public boolean contains(DeviceId id) {
        return devices.contains(id);
    }

    public boolean isEmpty() {
        return devices.isEmpty();
    }

    /** The devices listed here and not in {@code earlier}. */
    public Set<DeviceId> since(Set<DeviceId> earlier) {
        SortedSet<DeviceId> added = new TreeSet<>(devices);
        added.removeAll(earlier);
        return Collections.unmodifiableSortedSet(added);
    }
}
