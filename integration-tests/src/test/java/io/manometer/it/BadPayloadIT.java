package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.protocol.PressureApi;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever an authenticated device sends, the server answers with a code that says what was wrong (4.00 with a
 * diagnostic, 4.13, 4.15; RFC 7252 §5.9.2), stores nothing, and goes on serving: after every bad payload a valid
 * reading from the same device is still accepted.
 */
class BadPayloadIT {

    private static final int JSON = MediaTypeRegistry.APPLICATION_JSON;
    private static final int SENML = MediaTypeRegistry.APPLICATION_SENML_JSON;
    private static final int TEXT = MediaTypeRegistry.TEXT_PLAIN;

    /** One wrong payload; {@code diagnosticNames} is a fragment the 4.00 diagnostic must contain. */
    record BadPayload(String name, int contentFormat, byte[] bytes, String diagnosticNames) {
        @Override
        public String toString() {
            return name;
        }
    }

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback("dev-1");

    private Device device;

    @BeforeEach
    void device() {
        device = server.device("dev-1", CredentialMode.PSK);
    }

    static Stream<BadPayload> badPayloads() {
        return Stream.of(
                json("malformed JSON", "{\"seq\":1,\"kPa\":101.3", "malformed JSON"),
                json("NaN", "{\"seq\":1,\"kPa\":NaN}", "malformed JSON"),
                json("Infinity", "{\"seq\":1,\"kPa\":Infinity}", "malformed JSON"),
                json("a number too large for a double", "{\"seq\":1,\"kPa\":1e400}", "out of range"),
                json("-1 kPa", "{\"seq\":1,\"kPa\":-1}", "out of range"),
                json("100001 kPa", "{\"seq\":1,\"kPa\":100001}", "out of range"),
                json("kPa as a string", "{\"seq\":1,\"kPa\":\"x\"}", "'kPa' must be a number"),
                json("seq as a string", "{\"seq\":\"one\",\"kPa\":101.3}", "'seq' must be a number"),
                json("negative seq", "{\"seq\":-1,\"kPa\":101.3}", "negative"),
                json("misspelt member", "{\"seq\":1,\"kpa\":101.3}", "unknown member 'kpa'"),
                json("missing kPa", "{\"seq\":1}", "missing member 'kPa'"),
                json("an array instead of an object", "[101.3]", "must be a JSON object"),
                json("duplicate member", "{\"seq\":1,\"kPa\":101.3,\"kPa\":99.0}", "duplicate member 'kPa'"),
                json("nesting deeper than a reading", "[[[[[[[[[[101.3]]]]]]]]]]", "nesting deeper"),
                json("trailing data", "{\"seq\":1,\"kPa\":101.3} {}", "after the JSON value"),
                json("ts not an instant", "{\"seq\":1,\"kPa\":101.3,\"ts\":\"yesterday\"}", "'ts'"),
                new BadPayload("empty JSON payload", JSON, new byte[0], "empty payload"),
                new BadPayload("invalid UTF-8", JSON, new byte[] {'{', '"', (byte) 0xC3, '"', '}'}, "UTF-8"),
                new BadPayload("2 KB of random junk as JSON", JSON, junk(2048), ""),
                new BadPayload("2 KB of random junk as SenML", SENML, junk(2048), ""),
                new BadPayload("2 KB of random junk as text", TEXT, junk(2048), ""),
                text("text NaN", "NaN", "decimal number"),
                text("text -1", "-1", "out of range"),
                text("text 100001", "100001", "out of range"),
                text("text with a unit", "101.3 kPa", "decimal number"),
                new BadPayload("empty text payload", TEXT, new byte[0], "empty payload"),
                senml("empty SenML pack", "[]", "non-empty JSON array"),
                senml("SenML in bar", "[{\"bn\":\"dev-1/\",\"bt\":1795341600,\"n\":\"pressure\",\"u\":\"bar\","
                        + "\"v\":1.01325},{\"n\":\"seq\",\"u\":\"count\",\"v\":1}]", "'Pa'"),
                senml("SenML with a relative time", "[{\"bn\":\"dev-1/\",\"bt\":-5,\"n\":\"pressure\","
                        + "\"u\":\"Pa\",\"v\":101325}]", "relative SenML times"),
                senml("SenML without a pressure record", "[{\"bn\":\"dev-1/\",\"n\":\"seq\",\"v\":1}]",
                        "no 'pressure' record"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void bad_payload_gets_4_00_with_a_diagnostic_and_the_server_keeps_serving(BadPayload bad) {
        Answered answer = device.postRaw(bad.contentFormat(), bad.bytes());

        assertEquals("4.00", answer.code(), answer.diagnostic());
        assertFalse(answer.diagnostic().isBlank(), "a 4.00 must say what is wrong");
        assertTrue(answer.diagnostic().contains(bad.diagnosticNames()), answer.diagnostic());
        assertEquals(0, server.store().count());
        assertStillServing();
    }

    @ParameterizedTest(name = "Content-Format {0}")
    @ValueSource(ints = {MediaTypeRegistry.APPLICATION_XML, MediaTypeRegistry.APPLICATION_OCTET_STREAM,
        MediaTypeRegistry.APPLICATION_CBOR, MediaTypeRegistry.UNDEFINED})
    void unsupported_or_missing_content_format_gets_4_15(int contentFormat) {
        Answered answer = device.postRaw(contentFormat,
                "<pressure kPa=\"101.3\"/>".getBytes(StandardCharsets.UTF_8));

        assertEquals("4.15", answer.code(), answer.diagnostic());
        assertTrue(answer.diagnostic().contains("application/json"), answer.diagnostic());
        assertEquals(0, server.store().count());
        assertStillServing();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {PressureApi.MAX_PAYLOAD_BYTES + 1, 5000, 3 * PressureApi.MAX_PAYLOAD_BYTES})
    void payload_above_4096_bytes_gets_4_13(int size) {
        Answered answer = device.postRaw(JSON, paddedReading(size));

        assertEquals("4.13", answer.code(), answer.diagnostic());
        assertEquals(0, server.store().count());
        assertStillServing();
    }

    @Test
    void payload_of_exactly_4096_bytes_is_accepted() {
        Answered answer = device.postRaw(JSON, paddedReading(PressureApi.MAX_PAYLOAD_BYTES));

        assertEquals("2.01", answer.code(), answer.diagnostic());
        assertEquals(1, server.store().count());
    }

    private void assertStillServing() {
        Answered answer = device.post(device.reading(1, 101.325));
        assertEquals("2.01", answer.code(), "a valid reading after the bad one: " + answer.diagnostic());
        assertEquals(1, server.store().count());
    }

    private static BadPayload json(String name, String payload, String diagnosticNames) {
        return new BadPayload(name, JSON, payload.getBytes(StandardCharsets.UTF_8), diagnosticNames);
    }

    private static BadPayload text(String name, String payload, String diagnosticNames) {
        return new BadPayload(name, TEXT, payload.getBytes(StandardCharsets.UTF_8), diagnosticNames);
    }

    private static BadPayload senml(String name, String payload, String diagnosticNames) {
        return new BadPayload(name, SENML, payload.getBytes(StandardCharsets.UTF_8), diagnosticNames);
    }

    /** Seeded, so a failure reproduces byte for byte (STYLE.md §13). */
    private static byte[] junk(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** A valid JSON reading (seq 1) padded with trailing spaces to exactly {@code size} bytes. */
    private static byte[] paddedReading(int size) {
        byte[] reading = "{\"seq\":1,\"kPa\":101.325,\"ts\":\"2026-11-22T10:00:01Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(reading, size);
        Arrays.fill(padded, reading.length, size, (byte) ' ');
        return padded;
    }
}
