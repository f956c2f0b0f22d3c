package io.manometer.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SenmlReadingCodecTest {

    private static final PressureReading FIRST = new PressureReading(DeviceId.of("dev-1"), 42, 101.325,
            Instant.parse("2026-11-22T10:00:00Z"));
    private static final PressureReading SECOND = new PressureReading(DeviceId.of("dev-2"), 7, 0.0005,
            Instant.parse("2026-11-22T10:00:01.250Z"));

    /** A complete pressure record of device {@code d}; payloads below are written with ' for ". */
    private static final String PRESSURE = "{'bn':'d/','bt':1795341600,'n':'pressure','u':'Pa','v':1}";
    private static final String SEQ = "{'n':'seq','v':1}";

    private final SenmlReadingCodec senml = new SenmlReadingCodec();

    @Test
    void history_of_two_devices_is_one_byte_exact_pack() {
        assertArrayEquals(json("[{'bn':'dev-1/','bt':1795341600,'n':'pressure','u':'Pa','v':101325},"
                + "{'n':'seq','u':'count','v':42},"
                + "{'bn':'dev-2/','bt':1795341601.25,'n':'pressure','u':'Pa','v':0.5},"
                + "{'n':'seq','u':'count','v':7}]"),
                senml.encodeAll(List.of(FIRST, SECOND)));
    }

    @Test
    void one_reading_encodes_as_a_history_of_one() {
        assertArrayEquals(senml.encodeAll(List.of(FIRST)), senml.encode(FIRST));
        assertArrayEquals(senml.encodeAll(List.of(SECOND)), senml.encode(SECOND));
    }

    @Test
    void history_round_trips_in_order() throws InvalidReadingException {
        List<PressureReading> readings = List.of(FIRST, SECOND,
                new PressureReading(DeviceId.of("dev-1"), 43, 99.9999, Instant.parse("2026-11-22T10:00:02.001Z")),
                new PressureReading(DeviceId.of("d.x_y"), 0, 100000, Instant.ofEpochSecond(1L << 28)),
                new PressureReading(DeviceId.of("dev-2"), Long.MAX_VALUE, 0, Instant.parse("2099-12-31T23:59:59Z")));
        assertEquals(readings, senml.decodeAll(senml.encodeAll(readings)));
    }

    @Test
    void empty_history_is_an_empty_pack() throws InvalidReadingException {
        assertArrayEquals(json("[]"), senml.encodeAll(List.of()));
        assertEquals(List.of(), senml.decodeAll(json("[]")));
    }

    @Test
    void history_resolves_base_fields_record_by_record() throws InvalidReadingException {
        byte[] pack = json("[{'bn':'dev-1/','bt':1795341600,'bu':'Pa','n':'pressure','v':101325},"
                + "{'n':'seq','u':'count','v':1},"
                + "{'n':'pressure','v':101000,'t':0.5},{'n':'seq','v':2},"
                + "{'bn':'dev-2/','n':'pressure','v':1000,'t':-1},{'n':'seq','v':9}]");
        assertEquals(List.of(
                new PressureReading(DeviceId.of("dev-1"), 1, 101.325, Instant.parse("2026-11-22T10:00:00Z")),
                new PressureReading(DeviceId.of("dev-1"), 2, 101.0, Instant.parse("2026-11-22T10:00:00.500Z")),
                new PressureReading(DeviceId.of("dev-2"), 9, 1.0, Instant.parse("2026-11-22T09:59:59Z"))),
                senml.decodeAll(pack));
    }

    static Stream<Arguments> incomplete_histories() {
        return Stream.of(
                Arguments.of("[" + SEQ + "," + PRESSURE + "]", "seq record comes before any pressure record"),
                Arguments.of("[{'bt':1795341600,'n':'pressure','u':'Pa','v':1}," + SEQ + "]",
                        "SenML reading 1 of 1 has no base name 'bn'"),
                Arguments.of("[{'bn':'dev','bt':1795341600,'n':'pressure','u':'Pa','v':1}," + SEQ + "]",
                        "base name must be '<device-id>/', got 'dev'"),
                Arguments.of("[" + PRESSURE + "]", "SenML reading 1 of 1 has no 'seq' record"),
                Arguments.of("[" + PRESSURE + "," + PRESSURE + "," + SEQ + "]",
                        "SenML reading 1 of 2 has no 'seq' record"),
                Arguments.of("[" + PRESSURE + "," + SEQ + "," + SEQ + "]",
                        "SenML reading 1 of 1 has more than one seq record"),
                Arguments.of("[" + PRESSURE + ",{'bn':'e/','n':'seq','v':1}]",
                        "seq record has base name 'e/', its pressure record 'd/'"),
                Arguments.of("[{'bn':'d/','n':'pressure','u':'Pa','v':1}," + SEQ + "]",
                        "SenML reading 1 of 1 has no absolute time"),
                Arguments.of("[{'bn':'d/','bt':1000,'n':'pressure','u':'Pa','v':1}," + SEQ + "]",
                        "relative SenML times are not supported"),
                Arguments.of("[{'bn':'d/','bt':1795341600,'n':'pressure','u':'kPa','v':1}," + SEQ + "]",
                        "unit must be 'Pa', got 'kPa'"),
                Arguments.of("[{'bn':'d/','bt':1795341600,'n':'pressure','v':1}," + SEQ + "]",
                        "unit must be 'Pa', got 'null'"),
                Arguments.of("[{'bn':'d/','bt':1795341600,'n':'pressure','u':'Pa','v':-1}," + SEQ + "]",
                        "out of range"),
                Arguments.of("[" + PRESSURE + ",{'n':'seq','v':-1}]", "'seq' must not be negative"),
                Arguments.of("[" + PRESSURE + "," + SEQ + ",{'n':'temp','u':'Cel','v':21}]",
                        "unknown SenML record name 'temp'"),
                Arguments.of("{'bn':'d/'}", "must be a JSON array of records, got an object"));
    }

    @ParameterizedTest
    @MethodSource("incomplete_histories")
    void history_rejects_incomplete_readings_with_a_diagnostic(String payload, String diagnostic) {
        InvalidReadingException e = assertThrows(InvalidReadingException.class, () -> senml.decodeAll(json(payload)));
        assertTrue(e.getMessage().contains(diagnostic), e.getMessage());
    }

    @Test
    void single_reading_decode_reads_what_encode_writes() throws InvalidReadingException {
        assertEquals(ReadingSubmission.of(FIRST), senml.decode(senml.encode(FIRST)));
        assertEquals(ReadingSubmission.of(SECOND), senml.decode(senml.encode(SECOND)));
    }

    @Test
    void single_reading_decode_still_accepts_what_a_history_refuses() throws InvalidReadingException {
        assertEquals(new ReadingSubmission(Optional.empty(), OptionalLong.empty(), 0.001, Optional.empty()),
                senml.decode(json("[{'n':'pressure','u':'Pa','v':1}]")));
        ReadingSubmission seqFirst = senml.decode(json("[{'n':'seq','v':5}," + PRESSURE + "]"));
        assertEquals(OptionalLong.of(5), seqFirst.seq());
        assertEquals(Optional.of(DeviceId.of("d")), seqFirst.device());
    }

    @Test
    void a_pack_of_a_newer_senml_version_is_refused_and_version_10_is_read() throws Exception {
        String newer = "[{\"bver\":99,\"bn\":\"dev-1/\",\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325}]";
        InvalidReadingException e = assertThrows(InvalidReadingException.class, () -> senml.decode(json(newer)));
        assertTrue(e.getMessage().contains("bver"), e.getMessage());
        String current = "[{\"bver\":10,\"bn\":\"dev-1/\",\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325}]";
        assertEquals(101.325, senml.decode(json(current)).kPa(), 1e-9);
    }

    @Test
    void single_reading_decode_still_refuses_an_empty_pack_and_a_history_of_two() {
        assertThrows(InvalidReadingException.class, () -> senml.decode(json("[]")));
        assertThrows(InvalidReadingException.class, () -> senml.decode(senml.encodeAll(List.of(FIRST, SECOND))));
    }

    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
