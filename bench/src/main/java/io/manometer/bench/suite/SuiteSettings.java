package io.manometer.bench.suite;

import io.manometer.bench.limits.CryptoBound;
import java.time.Duration;
import java.util.List;

/**
 * The sizes and durations of one suite run, so a full run (about ten minutes on a 2-core machine) and the smoke
 * run CI uses (well under a minute) are the same code with different numbers. Every phase's fleet gets its own
 * device range from the one credentials folder.
 *
 * @param devices devices provisioned in the credentials folder; the heap phase uses them all
 * @param handshakeDevices devices the handshake fleets cycle over
 * @param handshakeConcurrency handshakes the fleet keeps in flight (HANDSHAKES workers)
 * @param readingDevices devices of the readings fleets, each with its own established session
 * @param inFlight confirmable POSTs each reading device keeps outstanding (closed loop)
 * @param warmup one uncounted fleet run of this length before the measured ones, so the JIT has compiled the
 *        DTLS and CoAP paths; zero skips it
 * @param sessions cumulative idle sessions at which the heap is measured, e.g. 10 000 then 100 000; each must be a
 *        multiple of {@code devices}
 * @param udpClients sockets of the UDP echo bound, each with one request outstanding
 * @param sideBySideSessionsPerDevice sessions per handshake device when libcoap and Manometer are compared: more
 *        than the handshake duration allows, so the duration ends those runs
 */
public record SuiteSettings(String name, int devices, CryptoBound.Settings crypto, int udpClients, Duration udpWarmup,
        Duration udpMeasurement, int handshakeDevices, int handshakeConcurrency, Duration handshakeDuration,
        int readingDevices, int inFlight, Duration readingsDuration, Duration warmup, List<Integer> sessions,
        int sessionConcurrency, int sideBySideSessionsPerDevice, Duration sampleInterval) {

    public SuiteSettings {
        sessions = List.copyOf(sessions);
        for (int count : sessions) {
            if (count % devices != 0) {
                throw new IllegalArgumentException(count + " sessions are not a multiple of " + devices + " devices");
            }
        }
        if (handshakeDevices > devices || readingDevices > devices) {
            throw new IllegalArgumentException("a phase uses more devices than the " + devices + " provisioned");
        }
    }

    /** The run behind bench/results.md: about ten minutes on 2 cores. */
    public static SuiteSettings full() {
        return new SuiteSettings("full", 10_000,
                new CryptoBound.Settings(1, 5, Duration.ofSeconds(1), 5, Duration.ofSeconds(1)),
                8, Duration.ofSeconds(2), Duration.ofSeconds(5),
                200, 32, Duration.ofSeconds(12),
                32, 8, Duration.ofSeconds(12), Duration.ofSeconds(20),
                List.of(10_000, 100_000), 64, 100, Duration.ofMillis(100));
    }

    /** A tiny run that exercises every phase (CI's smoke test): numbers, not meaningful ones. */
    public static SuiteSettings smoke() {
        return new SuiteSettings("smoke", 200,
                new CryptoBound.Settings(0, 1, Duration.ofMillis(100), 2, Duration.ofMillis(200)),
                2, Duration.ofMillis(200), Duration.ofMillis(800),
                20, 4, Duration.ofMillis(1500),
                8, 2, Duration.ofMillis(1500), Duration.ZERO,
                List.of(200, 1000), 32, 100, Duration.ofMillis(100));
    }
}
