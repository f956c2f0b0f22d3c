package io.manometer.harness.fuzz;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fuzz run does: against which server, how many raw datagrams at most, for how long at most, with which
 * seed. Without {@code server} the run starts its own server in-process, which is what makes crashes, connections
 * and heap measurable.
 *
 * @param server an external server ({@code coaps://host:port}), or empty for an in-process one
 * @param credentials the credentials folder for an external server (the devices below must be in it)
 * @param legitimateDevice posts readings every 50 ms throughout
 * @param abusingDevice the authenticated peer that sends hostile CoAP
 * @param recordingDevice whose handshakes are recorded as mutation templates
 * @param seed of every random choice
 * @param datagrams raw datagrams in total, shared by the raw categories
 * @param duration bound of the raw phase (each category gets its share); the CoAP phase comes on top
 * @param coapTimeout how long to wait for the answer to one abusive CoAP message
 * @param settle bound of the wait for connections to return to their baseline
 */
public record FuzzOptions(Optional<URI> server, Optional<Path> credentials, String legitimateDevice,
        String abusingDevice, String recordingDevice, long seed, long datagrams, Duration duration,
        Duration coapTimeout, Duration settle) {

    public static final long DEFAULT_DATAGRAMS = 100_000;

    public FuzzOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(credentials, "credentials");
        if (server.isPresent() && credentials.isEmpty()) {
            throw new IllegalArgumentException("an external server needs --credentials with the fuzzing devices");
        }
        if (datagrams < 0) {
            throw new IllegalArgumentException("--datagrams must not be negative, got " + datagrams);
        }
        for (Duration d : new Duration[] {duration, coapTimeout, settle}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive, got " + d);
            }
        }
    }

    /** An in-process run with the defaults of {@code harness fuzz}. */
    public static FuzzOptions inProcess(long seed, long datagrams, Duration duration) {
        return new FuzzOptions(Optional.empty(), Optional.empty(), "dev-1", "dev-2", "dev-3", seed, datagrams,
                duration, Duration.ofSeconds(1), Duration.ofSeconds(15));
    }
}
