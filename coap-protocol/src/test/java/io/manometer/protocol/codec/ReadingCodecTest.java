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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingCodecTest {

    private static final PressureReading READING = new PressureReading(DeviceId.of("dev-1"), 42, 101.325,
            Instant.parse("2026-11-22T10:00:00Z"));

    private final JsonReadingCodec json = new JsonReadingCodec();
    private final SenmlReadingCodec senml = new SenmlReadingCodec();
    private final TextReadingCodec text = new TextReadingCodec();

    @Test
    void json_encoding_is_byte_exact() {
        assertArrayEquals(bytes("{\"device\":\"dev-1\",\"seq\":42,\"kPa\":101.325,\"ts\":\"2026-11-22T10:00:00Z\"}"),
                json.encode(READING));
    }

    @Test
    void json_history_encoding_is_byte_exact() {
        PressureReading second = new PressureReading(DeviceId.of("dev-2"), 7, 100000,
                Instant.parse("2026-11-22T10:00:01.250Z"));
        assertArrayEquals(bytes("[{\"device\":\"dev-1\",\"seq\":42,\"kPa\":101.325,\"ts\":\"2026-11-22T10:00:00Z\"},"
                + "{\"device\":\"dev-2\",\"seq\":7,\"kPa\":100000,\"ts\":\"2026-11-22T10:00:01.250Z\"}]"),
                json.encodeAll(List.of(READING, second)));
        assertArrayEquals(bytes("[]"), json.encodeAll(List.of()));
    }

    @Test
    void senml_encoding_is_byte_exact() {
        assertArrayEquals(bytes("[{\"bn\":\"dev-1/\",\"bt\":1795341600,\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325},"
                + "{\"n\":\"seq\",\"u\":\"count\",\"v\":42}]"), senml.encode(READING));
    }

    @Test
    void senml_keeps_milliseconds_and_fractional_pascal() {
        PressureReading reading = new PressureReading(DeviceId.of("d"), 1, 0.0005,
                Instant.parse("2026-11-22T10:00:00.125Z"));
        assertArrayEquals(bytes("[{\"bn\":\"d/\",\"bt\":1795341600.125,\"n\":\"pressure\",\"u\":\"Pa\",\"v\":0.5},"
                + "{\"n\":\"seq\",\"u\":\"count\",\"v\":1}]"), senml.encode(reading));
        assertEquals(ReadingSubmission.of(reading), decode(senml, senml.encode(reading)));
    }

    @Test
    void text_encoding_is_byte_exact() {
        assertArrayEquals(bytes("101.325"), text.encode(READING));
    }

    @Test
    void every_format_round_trips() throws InvalidReadingException {
        assertEquals(ReadingSubmission.of(READING), json.decode(json.encode(READING)));
        assertEquals(ReadingSubmission.of(READING), senml.decode(senml.encode(READING)));
        assertEquals(101.325, text.decode(text.encode(READING)).kPa());
        assertEquals(List.of(READING), json.decodeAll(json.encodeAll(List.of(READING))));
    }

    @Test
    void json_needs_only_kpa() throws InvalidReadingException {
        ReadingSubmission submission = json.decode(bytes("{\"kPa\": 99.5}"));
        assertEquals(99.5, submission.kPa());
        assertTrue(submission.seq().isEmpty());
        assertTrue(submission.device().isEmpty());
        assertTrue(submission.ts().isEmpty());
    }

    @Test
    void senml_accepts_base_unit_and_split_time() throws InvalidReadingException {
        ReadingSubmission submission = senml.decode(bytes(
                "[{\"bn\":\"dev-3/\",\"bt\":1795341600,\"bu\":\"Pa\",\"n\":\"pressure\",\"v\":250000,\"t\":1}]"));
        assertEquals(250.0, submission.kPa());
        assertEquals(DeviceId.of("dev-3"), submission.device().orElseThrow());
        assertEquals(Instant.parse("2026-11-22T10:00:01Z"), submission.ts().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.999999999Z"})
    void json_accepts_the_ends_of_the_time_stamp_range(String ts) throws InvalidReadingException {
        assertEquals(Instant.parse(ts), json.decode(bytes("{\"kPa\":1,\"ts\":\"" + ts + "\"}")).ts().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"kPa\":101.3", "{kPa:101.3}", "{\"kPa\":NaN}", "{\"kPa\":Infinity}", "{\"kPa\":-Infinity}",
        "{\"kPa\":-1}", "{\"kPa\":100000.001}", "{\"kPa\":1e400}", "{\"kPa\":\"101.3\"}", "{\"kPa\":true}",
        "{\"kPa\":null}", "{\"seq\":1}", "{\"kPa\":1,\"seq\":-3}", "{\"kPa\":1,\"seq\":1.5}",
        "{\"kPa\":1,\"seq\":\"1\"}", "{\"kPa\":1,\"ts\":\"yesterday\"}", "{\"kPa\":1,\"device\":\"a/b\"}",
        "{\"kPa\":1,\"kpa\":2}", "{\"kPa\":1,\"kPa\":2}", "[{\"kPa\":1}]", "101.3", "{\"kPa\":1,}", "",
        "{\"kPa\":1} trailing", "[[[[[[[[[[1]]]]]]]]]]", "{\"kPa\":1,\"ts\":\"+999999999-12-31T23:59:59Z\"}",
        "{\"kPa\":1,\"ts\":\"+10000-01-01T00:00:00Z\"}", "{\"kPa\":1,\"ts\":\"1969-12-31T23:59:59Z\"}",
        "{\"kPa\":1,\"ts\":\"0001-01-01T00:00:00Z\"}", "{\"kPa\":1,\"ts\":\"-0001-01-01T00:00:00Z\"}"
    })
    void json_rejects_invalid_readings_with_a_diagnostic(String payload) {
        InvalidReadingException e = assertThrows(InvalidReadingException.class, () -> json.decode(bytes(payload)));
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]", "{}", "[{\"n\":\"pressure\",\"u\":\"kPa\",\"v\":101}]", "[{\"n\":\"pressure\",\"v\":101}]",
        "[{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":21}]", "[{\"n\":\"pressure\",\"u\":\"Pa\",\"v\":-5}]",
        "[{\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101000,\"t\":-10}]", "[{\"bn\":\"dev-1\",\"n\":\"pressure\","
            + "\"u\":\"Pa\",\"v\":1}]", "[{\"n\":\"pressure\",\"u\":\"Pa\"}]", "[{\"n\":\"seq\",\"v\":1}]",
        "[{\"n\":\"pressure\",\"u\":\"Pa\",\"v\":1},{\"n\":\"pressure\",\"u\":\"Pa\",\"v\":2}]",
        "[{\"n\":\"pressure\",\"u\":\"Pa\",\"vs\":\"1\"}]"
    })
    void senml_rejects_invalid_packs(String payload) {
        assertThrows(InvalidReadingException.class, () -> senml.decode(bytes(payload)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "NaN", "Infinity", "1e5", "-1", "100001", "1,5", "0x10", "1.2.3"})
    void text_rejects_anything_but_an_in_range_decimal(String payload) {
        assertThrows(InvalidReadingException.class, () -> text.decode(bytes(payload)));
    }

    @Test
    void text_tolerates_a_trailing_newline() throws InvalidReadingException {
        assertEquals(101.3, text.decode(bytes("101.3\n")).kPa());
    }

    @Test
    void random_junk_is_rejected_by_every_codec() {
        byte[] junk = new byte[2048];
        new Random(7).nextBytes(junk);
        assertThrows(InvalidReadingException.class, () -> json.decode(junk));
        assertThrows(InvalidReadingException.class, () -> senml.decode(junk));
        assertThrows(InvalidReadingException.class, () -> text.decode(junk));
    }

    private static ReadingSubmission decode(ReadingCodec codec, byte[] payload) {
        try {
            return codec.decode(payload);
        } catch (InvalidReadingException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
