package io.manometer.credentials;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the device files of a new credentials folder, each in one open-write-close: it refuses to replace
 * anything ({@code O_EXCL}) and gives the permissions at creation, so a secret is never readable by others, not
 * even for a moment. Unlike {@link PemFiles#write} it neither renames nor forces each file to disk: an fsync
 * costs milliseconds here, which for the 400,000 files of 100,000 devices would be the whole run. A folder cut off
 * half-way (a crash, a power cut right after) is made again with {@code init --force}.
 */
final class FreshFiles {

    private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);

    private final boolean umaskKeepsModes;

    private FreshFiles(boolean umaskKeepsModes) {
        this.umaskKeepsModes = umaskKeepsModes;
    }

    /**
     * Files created in {@code directory}. The mode given at creation passes through the process umask; one scratch
     * file tells whether it keeps 0644 intact (the usual 022 does), else every file gets an explicit chmod.
     */
    static FreshFiles in(Path directory) throws IOException {
        Path probe = Files.createTempFile(directory, ".umask", ".tmp",
                PosixFilePermissions.asFileAttribute(PemFiles.PUBLIC));
        try {
            return new FreshFiles(Files.getPosixFilePermissions(probe).equals(PemFiles.PUBLIC));
        } finally {
            Files.delete(probe);
        }
    }

    void create(Path file, String text, Set<PosixFilePermission> permissions) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(file, CREATE_NEW,
                PosixFilePermissions.asFileAttribute(permissions))) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null, "already exists");
        }
        if (!umaskKeepsModes) {
            Files.setPosixFilePermissions(file, permissions);
        }
    }
}
