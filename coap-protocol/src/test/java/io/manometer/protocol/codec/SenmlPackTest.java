package io.manometer.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A POSTed SenML pack of several readings: how it is grouped, its limits, and diagnostics that name the reading. */
class SenmlPackTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    /** Pressure and seq records of device {@code d}; payloads below are written with ' for ". */
    private static final String PRESSURE = "{'bn':'d/','bt':1795341600,'n':'pressure','u':'Pa','v':101325}";

    private final SenmlReadingCodec senml = new SenmlReadingCodec();

    @ParameterizedTest(name = "{0} readings")
    @ValueSource(ints = {1, 2, 10, PressureApi.MAX_PACK_READINGS})
    void a_pack_of_k_readings_round_trips_in_order(int k) throws InvalidReadingException {
        List<PressureReading> readings = readings(k, new Random(k));

        List<ReadingSubmission> decoded = senml.decodePack(senml.encodeAll(readings));

        assertEquals(readings.stream().map(ReadingSubmission::of).toList(), decoded);
    }

    @Test
    void a_compact_pack_states_base_fields_once_and_later_readings_inherit_them() throws InvalidReadingException {
        byte[] pack = json("[{'bn':'dev-1/','bt':1795341600,'bu':'Pa','n':'pressure','v':101325},{'n':'seq','v':7},"
                + "{'n':'pressure','v':101300,'t':1.5},{'n':'seq','v':8},"
                + "{'n':'pressure','v':99000.5,'t':60},{'n':'seq','v':9}]");

        assertEquals(List.of(
                submission(7, 101.325, T0),
                submission(8, 101.3, T0.plusMillis(1500)),
                submission(9, 99.0005, T0.plusSeconds(60))), senml.decodePack(pack));
    }

    @Test
    void readings_without_base_name_or_time_are_left_to_the_server() throws InvalidReadingException {
        byte[] pack = json("[{'n':'pressure','u':'Pa','v':1000},{'n':'seq','v':1},"
                + "{'n':'pressure','u':'Pa','v':2000},{'n':'seq','v':2}]");

        assertEquals(List.of(
                new ReadingSubmission(Optional.empty(), OptionalLong.of(1), 1.0, Optional.empty()),
                new ReadingSubmission(Optional.empty(), OptionalLong.of(2), 2.0, Optional.empty())),
                senml.decodePack(pack));
    }

    @Test
    void a_compact_pack_of_the_most_readings_fits_the_payload_limit_so_both_limits_can_bite() {
        StringBuilder pack = new StringBuilder("[{'bn':'dev-1/','bt':1795341600,'bu':'Pa','n':'pressure','v':101325},"
                + "{'n':'seq','v':1000}");
        for (int i = 1; i < PressureApi.MAX_PACK_READINGS; i++) {
            pack.append(",{'n':'pressure','v':101325,'t':").append(i).append("},{'n':'seq','v':").append(1000 + i)
                    .append('}');
        }
        int bytes = json(pack.append(']').toString()).length;

        assertTrue(bytes <= PressureApi.MAX_PAYLOAD_BYTES, bytes + " bytes");
    }

    @Test
    void the_payload_limit_holds_fewer_readings_as_encode_all_writes_them_than_the_reading_limit() {
        List<PressureReading> readings = readings(PressureApi.MAX_PACK_READINGS, new Random(1));

        int fitting = IntStream.rangeClosed(1, readings.size())
                .filter(k -> senml.encodeAll(readings.subList(0, k)).length <= PressureApi.MAX_PAYLOAD_BYTES)
                .max().orElse(0);

        // the README and PressureApi say "about 40": a device name like dev-1, full-precision times and values
        assertTrue(fitting >= 35 && fitting <= 45, fitting + " readings fit");
    }

    @Test
    void more_readings_than_the_limit_are_refused_before_any_is_read() {
        List<PressureReading> readings = readings(PressureApi.MAX_PACK_READINGS + 1, new Random(3));

        InvalidReadingException e = assertThrows(InvalidReadingException.class,
                () -> senml.decodePack(senml.encodeAll(readings)));

        assertEquals("SenML pack holds 65 readings; at most 64 are accepted in one request", e.getMessage());
    }

    static Stream<Arguments> bad_packs() {
        String reading2 = "{'bn':'d/','bt':1795341601,'n':'pressure','u':'Pa','v':101325},{'n':'seq','v':2}";
        String reading3 = "{'bn':'d/','bt':1795341602,'n':'pressure','u':'Pa','v':101325},{'n':'seq','v':3}";
        String first = PRESSURE + ",{'n':'seq','v':1}";
        return Stream.of(
                Arguments.of("[" + first + "," + reading2 + ",{'n':'pressure','u':'Pa','v':-1},{'n':'seq','v':3}]",
                        "SenML reading 3 of 3: 'v': kPa out of range: -0.001 (allowed 0 to 100000)"),
                Arguments.of("[" + first + ",{'n':'pressure','u':'Pa','v':1}," + reading3 + "]",
                        "SenML reading 2 of 3 has no 'seq' record; in a pack of several readings every reading"
                                + " needs one"),
                Arguments.of("[" + first + "," + reading2 + ",{'n':'pressure','u':'kPa','v':1},{'n':'seq','v':3}]",
                        "SenML reading 3 of 3: SenML pressure unit must be 'Pa', got 'kPa'"),
                Arguments.of("[" + first + ",{'bn':'d/','bt':5,'n':'pressure','u':'Pa','v':1},{'n':'seq','v':2}]",
                        "SenML reading 2 of 2: relative SenML times are not supported"),
                Arguments.of("[" + first + "," + reading2 + ",{'n':'seq','v':9}]",
                        "SenML reading 2 of 2 has more than one seq record"),
                Arguments.of("[" + first + ",{'n':'seq','v':-4}," + reading2 + "]",
                        "SenML reading 1 of 2 has more than one seq record"),
                Arguments.of("[" + first + "," + reading2.replace("'v':2", "'v':-2") + "]",
                        "SenML reading 2 of 2: 'seq' must not be negative, got -2"),
                Arguments.of("[" + first + "," + reading2 + ",{'n':'temp','u':'Cel','v':21}]",
                        "SenML reading 2 of 2: unknown SenML record name 'temp' (expected 'pressure' and 'seq')"),
                Arguments.of("[" + first + "," + reading2 + ",[1]]",
                        "SenML reading 2 of 2: a SenML record must be a JSON object, got an array"),
                Arguments.of("[" + first + ",{'n':'pressure','u':'Pa','v':1,'vs':'x'},{'n':'seq','v':2}]",
                        "SenML reading 2 of 2: unknown member 'vs' in a SenML record"),
                Arguments.of("[" + first + ",{'n':'pressure','u':'Pa'},{'n':'seq','v':2}]",
                        "SenML reading 2 of 2: SenML record 'pressure' has no value 'v'"),
                Arguments.of("[" + first + ",{'bn':'x','n':'pressure','u':'Pa','v':1},{'bn':'x','n':'seq','v':2}]",
                        "SenML reading 2 of 2: SenML base name must be '<device-id>/', got 'x'"),
                Arguments.of("[" + first + ",{'bn':'e/','n':'pressure','u':'Pa','v':1},{'bn':'d/','n':'seq','v':2}]",
                        "SenML reading 2 of 2: seq record has base name 'd/', its pressure record 'e/'"),
                Arguments.of("[{'n':'seq','v':1},{'n':'seq','v':2}," + PRESSURE + "]",
                        "SenML reading 1 of 1 has more than one seq record"),
                Arguments.of("[{'bn':'d/','n':'seq','v':1}]", "SenML pack has no 'pressure' record"),
                Arguments.of("[]", "a SenML pack must be a non-empty JSON array of records"),
                Arguments.of("{'bn':'d/'}", "a SenML pack must be a non-empty JSON array of records"),
                Arguments.of("[" + first + "," + reading2 + ",]",
                        "malformed JSON: unexpected character ']' at offset"));
    }

    @ParameterizedTest
    @MethodSource("bad_packs")
    void a_bad_pack_is_refused_with_a_diagnostic_naming_the_reading(String payload, String diagnostic) {
        InvalidReadingException e = assertThrows(InvalidReadingException.class,
                () -> senml.decodePack(json(payload)));

        assertTrue(e.getMessage().startsWith(diagnostic), e.getMessage());
    }

    @Test
    void a_pack_of_one_reading_may_leave_out_its_seq_and_the_seq_may_lead() throws InvalidReadingException {
        assertEquals(List.of(new ReadingSubmission(Optional.of(DeviceId.of("d")), OptionalLong.empty(), 101.325,
                Optional.of(T0))), senml.decodePack(json("[" + PRESSURE + "]")));
        assertEquals(List.of(new ReadingSubmission(Optional.of(DeviceId.of("d")), OptionalLong.of(5), 101.325,
                Optional.of(T0))), senml.decodePack(json("[{'n':'seq','v':5}," + PRESSURE + "]")));
    }

    @Test
    void single_reading_decode_refuses_a_pack_of_several_and_says_so() {
        byte[] two = senml.encodeAll(readings(2, new Random(2)));

        InvalidReadingException e = assertThrows(InvalidReadingException.class, () -> senml.decode(two));

        assertEquals("expected a single reading, the SenML pack holds 2", e.getMessage());
    }

    /** Readings of dev-1 as a buffering device takes them: seq growing by one, times a few seconds apart. */
    private static List<PressureReading> readings(int count, Random random) {
        return IntStream.range(0, count)
                .mapToObj(i -> new PressureReading(DEV_1, 1000 + i, 90 + random.nextInt(20_000) / 1000.0,
                        T0.plusMillis(i * 5_000L + random.nextInt(1000))))
                .toList();
    }

    private static ReadingSubmission submission(long seq, double kPa, Instant ts) {
        return new ReadingSubmission(Optional.of(DEV_1), OptionalLong.of(seq), kPa, Optional.of(ts));
    }

    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
