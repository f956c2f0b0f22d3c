package io.manometer.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import io.manometer.protocol.codec.TextReadingCodec;
import org.junit.jupiter.api.Test;

class ReadingIdentityTest {

    @Test
    void every_reading_survives_the_text_codec_and_keeps_its_identity() throws Exception {
        TextReadingCodec codec = new TextReadingCodec();
        for (long n = 0; n < Scenario.MAX_READINGS; n++) {
            PressureReading reading = ReadingIdentity.reading(DeviceId.of("dev-1"), n);
            ReadingSubmission decoded = codec.decode(codec.encode(reading));

            assertEquals(n, ReadingIdentity.identity(decoded.kPa()), () -> "reading " + reading);
        }
    }

    @Test
    void readings_carry_their_number_as_seq_and_are_a_millisecond_apart() {
        PressureReading reading = ReadingIdentity.reading(DeviceId.of("dev-2"), 7);

        assertEquals(7, reading.seq());
        assertEquals(100.007, reading.kPa());
        assertEquals(ReadingIdentity.T0.plusMillis(7), reading.ts());
    }
}
