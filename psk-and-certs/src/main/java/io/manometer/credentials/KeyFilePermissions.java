package io.manometer.credentials;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses secrets that others can read, as ssh does with a private key: a server that starts anyway would make a
 * leaked key look normal. Every private key, PSK and state key Manometer writes is 0600 from the moment it exists,
 * so a file with any group or other bit (mode &amp; 077) was changed by someone, and the fix is one {@code chmod}.
 * On a file system without POSIX permissions there is nothing to check; that is logged once as a warning.
 */
public final class KeyFilePermissions {

    private static final Logger LOGGER = LoggerFactory.getLogger(KeyFilePermissions.class);

    private KeyFilePermissions() {
    }

    /** The secrets of a credentials folder a server reads: {@code server.key}, {@code ca.key}, {@code *.psk}. */
    public static List<Path> serverSecrets(CredentialsLayout layout) throws CredentialsException {
        List<Path> secrets = new ArrayList<>(List.of(layout.serverKey(), layout.caKey()));
        if (Files.isDirectory(layout.devices())) {
            try (DirectoryStream<Path> psks = Files.newDirectoryStream(layout.devices(),
                    "*" + CredentialsLayout.PSK_SUFFIX)) {
                psks.forEach(secrets::add);
            } catch (IOException e) {
                throw new CredentialsException("cannot list " + layout.devices() + ": " + e.getMessage(), e);
            }
        }
        return secrets;
    }

    /**
     * Throws, naming the first file (and how many more) that group or others may access, with the command that
     * fixes it. Missing files are skipped: whoever reads them reports that.
     */
    public static void requirePrivate(Collection<Path> files) throws CredentialsException {
        List<Path> open = new ArrayList<>();
        int firstMode = 0;
        for (Path file : files.stream().sorted().toList()) {
            Set<PosixFilePermission> permissions;
            try {
                if (!Files.exists(file)) {
                    continue;
                }
                permissions = Files.getPosixFilePermissions(file);
            } catch (UnsupportedOperationException e) {
                LOGGER.warn("{}: the file system has no POSIX permissions; not checking who may read the key files",
                        file);
                return;
            } catch (IOException e) {
                throw new CredentialsException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
            }
            int mode = mode(permissions);
            if ((mode & 0077) != 0) {
                if (open.isEmpty()) {
                    firstMode = mode;
                }
                open.add(file);
            }
        }
        if (!open.isEmpty()) {
            Path first = open.get(0);
            String more = open.size() == 1 ? "" : " (and " + (open.size() - 1) + " more: chmod 600 "
                    + String.join(" ", open.subList(1, Math.min(open.size(), 4)).stream().map(Path::toString).toList())
                    + (open.size() > 4 ? " ..." : "") + ")";
            String access = (firstMode & 0044) != 0 ? "readable" : (firstMode & 0022) != 0 ? "writable" : "accessible";
            throw new CredentialsException(String.format("%s is %s by group/others (mode %04o); run: chmod 600 %s%s",
                    first, access, firstMode, first, more));
        }
    }

    /**
     * Whether group or others may access {@code file}; false when it does not exist or the file system has no POSIX
     * permissions. For files that are discarded rather than refused, like saved session state.
     */
    public static boolean isOpen(Path file) throws CredentialsException {
        try {
            return Files.exists(file) && (mode(Files.getPosixFilePermissions(file)) & 0077) != 0;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (IOException e) {
            throw new CredentialsException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The permission bits as the octal mode {@code ls -l} and {@code chmod} speak. */
    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            // the enum is declared owner rwx, group rwx, others rwx: bit 8 down to bit 0
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
