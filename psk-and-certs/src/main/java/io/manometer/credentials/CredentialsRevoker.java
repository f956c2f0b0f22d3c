package io.manometer.credentials;

import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Revokes devices: appends them to {@code revoked.txt} (atomically: temporary file, fsync, rename, so a server
 * watching the folder never reads half a list) and then deletes their PSK files, a secret with no further use. The
 * certificate and public key stay as a record of what was revoked; the deny list is what makes the server refuse
 * them. A revoked id stays revoked: the list is keyed by the certificate's CN, so taking an id off it would make its
 * old certificate valid again.
 */
public final class CredentialsRevoker {

    /** What a revocation did. */
    public record Outcome(List<DeviceId> revoked, List<DeviceId> alreadyRevoked, List<Path> deletedSecrets) {
        public Outcome {
            revoked = List.copyOf(revoked);
            alreadyRevoked = List.copyOf(alreadyRevoked);
            deletedSecrets = List.copyOf(deletedSecrets);
        }
    }

    private final Clock clock;

    public CredentialsRevoker(Clock clock) {
        this.clock = clock;
    }

    /** The ids among {@code ids} that are neither registered nor revoked: no credential file of theirs exists. */
    public static List<DeviceId> unknown(CredentialsLayout layout, List<DeviceId> ids) throws CredentialsException {
        RevocationList revoked = RevocationList.read(layout.revoked());
        List<DeviceId> unknown = new ArrayList<>();
        for (DeviceId id : ids) {
            if (!revoked.contains(id) && CredentialsProvisioner.deviceFiles(layout, id).stream()
                    .noneMatch(Files::exists)) {
                unknown.add(id);
            }
        }
        return unknown;
    }

    /**
     * Adds {@code ids} to the deny list with the time and {@code reason} (may be blank) as a comment, then deletes
     * their PSK files. Ids already listed are reported, not listed twice. Unknown ids are refused before anything
     * is written.
     */
    public Outcome revoke(CredentialsLayout layout, List<DeviceId> ids, String reason) throws CredentialsException {
        List<DeviceId> unknown = unknown(layout, ids);
        if (!unknown.isEmpty()) {
            throw new CredentialsException("unknown device '" + unknown.get(0) + "': no credentials in "
                    + layout.devices());
        }
        RevocationList current = RevocationList.read(layout.revoked());
        Set<DeviceId> fresh = new LinkedHashSet<>();
        List<DeviceId> already = new ArrayList<>();
        for (DeviceId id : ids) {
            if (current.contains(id)) {
                already.add(id);
            } else {
                fresh.add(id);
            }
        }
        if (!fresh.isEmpty()) {
            writeList(layout.revoked(), fresh, reason);
        }
        List<Path> deleted = new ArrayList<>();
        // already revoked ones too: a PSK file put back by hand is still a secret with no use
        for (DeviceId id : ids) {
            try {
                if (Files.deleteIfExists(layout.devicePsk(id))) {
                    deleted.add(layout.devicePsk(id));
                }
            } catch (IOException e) {
                throw new CredentialsException(id + " is revoked, but its PSK file could not be deleted: "
                        + e.getMessage(), e);
            }
        }
        return new Outcome(List.copyOf(fresh), already, deleted);
    }

    private void writeList(Path file, Set<DeviceId> fresh, String reason) throws CredentialsException {
        StringBuilder text = new StringBuilder();
        try {
            text.append(Files.readString(file, StandardCharsets.US_ASCII));
            if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
        } catch (NoSuchFileException e) {
            text.append(RevocationList.HEADER).append('\n');
        } catch (IOException e) {
            throw new CredentialsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String comment = "  # revoked " + clock.instant().truncatedTo(ChronoUnit.SECONDS)
                + (reason == null || reason.isBlank() ? "" : ": " + printable(reason));
        fresh.forEach(id -> text.append(id.value()).append(comment).append('\n'));
        try {
            PemFiles.write(file, text.toString(), PemFiles.PUBLIC);
        } catch (IOException e) {
            throw new CredentialsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** One line of printable ASCII: the reason is a comment in a file people read, nothing may break its line. */
    static String printable(String reason) {
        StringBuilder clean = new StringBuilder();
        reason.strip().codePoints().forEach(c -> clean.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return clean.toString();
    }
}
