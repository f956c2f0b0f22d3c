package io.manometer.it.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import io.manometer.harness.capture.CaptureException;
import io.manometer.harness.capture.CaptureReport;
import io.manometer.harness.capture.CaptureSession;
import io.manometer.harness.capture.CaptureSettings;
import io.manometer.protocol.DeviceId;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Runs the capture command's code in the test's JVM and checks that it left nothing behind: every request has an
 * outcome and every thread it started has stopped (joined with a shared deadline, never slept on).
 */
final class Captures {

    private static final Duration GRACE = Duration.ofSeconds(5);
    /** JDK-wide daemons that live as long as the JVM once something needed them. */
    private static final List<String> JVM_SHARED = List.of("CompletableFutureDelayScheduler", "ForkJoinPool",
            "process reaper", "Attach Listener", "Common-Cleaner");

    private Captures() {
    }

    static CaptureReport run(CaptureSettings settings) throws CaptureException, InterruptedException {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        CaptureReport report = CaptureSession.run(settings);
        assertEquals(0, report.deviceCounters().inFlight(), "requests left without an outcome");
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Thread thread : started(before)) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        List<String> alive = started(before).stream().map(Thread::getName).sorted().toList();
        if (!alive.isEmpty()) {
            fail("threads still running " + GRACE.toSeconds() + " s after the capture: " + alive);
        }
        return report;
    }

    /** A credentials folder with one device, as {@code manometer credentials init} makes it. */
    static CredentialsLayout credentials(Path root, String device) throws CredentialsException {
        CredentialsLayout layout = new CredentialsLayout(root);
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, List.of(DeviceId.of(device)), false);
        return layout;
    }

    /** Whether {@code needle} occurs anywhere in {@code haystack}. */
    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static List<Thread> started(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(Thread::isAlive)
                .filter(thread -> JVM_SHARED.stream().noneMatch(thread.getName()::startsWith))
                .toList();
    }
}
