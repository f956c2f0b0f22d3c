package io.manometer.server.revocation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Which deny list a running server follows ({@code credentials/revoked.txt}) and how often it re-checks it besides
 * the file system's change events, which a {@code WatchService} may miss (overflow, network file systems).
 */
public record RevocationWatch(Path file, Duration recheck) {

    /** Short enough that a revoked device is cut off within seconds, long enough to cost nothing (one stat). */
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(2);

    public RevocationWatch {
        Objects.requireNonNull(file, "file");
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("recheck must be positive, got " + recheck);
        }
    }
}
