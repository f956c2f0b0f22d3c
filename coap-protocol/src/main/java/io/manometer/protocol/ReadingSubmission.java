package io.manometer.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A reading as a device sent it, before the server has decided who sent it. Text payloads carry only the value,
 * so seq and timestamp may be absent and the server assigns them; {@code device}, when present, must equal the
 * authenticated DTLS peer.
 */
public record ReadingSubmission(Optional<DeviceId> device, OptionalLong seq, double kPa, Optional<Instant> ts) {

    public ReadingSubmission {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(seq, "seq");
        Objects.requireNonNull(ts, "ts");
        PressureRange.check(kPa);
    }

    /** The submission of a complete reading, as a device encodes it. */
    public static ReadingSubmission of(PressureReading reading) {
        return new ReadingSubmission(Optional.of(reading.device()), OptionalLong.of(reading.seq()), reading.kPa(),
                Optional.of(reading.ts()));
    }
}
