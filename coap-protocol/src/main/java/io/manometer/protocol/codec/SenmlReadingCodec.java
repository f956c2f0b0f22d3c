package io.manometer.protocol.codec;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import io.manometer.protocol.json.JsonValue;
import io.manometer.protocol.json.JsonValue.JsonArray;
import io.manometer.protocol.json.JsonValue.JsonObject;
import io.manometer.protocol.json.JsonWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code application/senml+json} (RFC 8428). A reading is a pack of two records sharing a base name per device:
 * <pre>
 * [{"bn":"dev-1/","bt":1795341600,"n":"pressure","u":"Pa","v":101325},{"n":"seq","u":"count","v":42}]
 * </pre>
 * Pressure travels in the SenML unit {@code Pa} (RFC 8428 §12.1) and is stored in kPa. Times are absolute seconds
 * since the epoch; relative times (below 2^28, RFC 8428 §4.5.3) are rejected because a server cannot tell when a
 * constrained device's "now" was.
 */
public final class SenmlReadingCodec implements ReadingCodec {

    /** Device ids end in a letter or digit, so the separator makes the base name unambiguous. */
    public static final String BASE_NAME_SEPARATOR = "/";

    private static final Set<String> FIELDS = Set.of("bn", "bt", "bu", "bver", "n", "u", "v", "t");
    private static final BigDecimal RELATIVE_TIME_LIMIT = BigDecimal.valueOf(1L << 28);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    @Override
    public ContentFormat format() {
        return ContentFormat.SENML_JSON;
    }

    @Override
    public byte[] encode(PressureReading reading) {
        String pascal = new BigDecimal(JsonWriter.number(reading.kPa())).multiply(THOUSAND)
                .stripTrailingZeros().toPlainString();
        String seconds = BigDecimal.valueOf(reading.ts().toEpochMilli(), 3).stripTrailingZeros().toPlainString();
        String json = new JsonWriter().beginArray()
                .beginObject()
                .name("bn").value(reading.device().value() + BASE_NAME_SEPARATOR)
                .name("bt").rawNumber(seconds)
                .name("n").value("pressure")
                .name("u").value("Pa")
                .name("v").rawNumber(pascal)
                .endObject()
                .beginObject()
                .name("n").value("seq")
                .name("u").value("count")
                .name("v").value(reading.seq())
                .endObject()
                .endArray().toString();
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ReadingSubmission decode(byte[] payload) throws InvalidReadingException {
        JsonValue value = Payloads.json(payload);
        if (!(value instanceof JsonArray pack) || pack.elements().isEmpty()) {
            throw new InvalidReadingException("a SenML pack must be a non-empty JSON array of records");
        }
        Pack state = new Pack();
        for (JsonValue element : pack.elements()) {
            state.add(Payloads.object(element, "a SenML record"));
        }
        return state.toSubmission();
    }

    /** Resolves base fields record by record, as RFC 8428 §4.6 describes. */
    private static final class Pack {
        private String baseName = "";
        private BigDecimal baseTime = BigDecimal.ZERO;
        private String baseUnit;
        private Double kPa;
        private Long seq;
        private Instant ts;

        void add(JsonObject record) throws InvalidReadingException {
            Payloads.onlyMembers(record, FIELDS, "a SenML record");
            if (record.get("bver").isPresent()) {
                Payloads.number(record.get("bver").get(), "bver");
            }
            if (record.get("bn").isPresent()) {
                baseName = Payloads.string(record.get("bn").get(), "bn");
            }
            if (record.get("bt").isPresent()) {
                baseTime = Payloads.number(record.get("bt").get(), "bt");
            }
            if (record.get("bu").isPresent()) {
                baseUnit = Payloads.string(record.get("bu").get(), "bu");
            }
            String name = record.get("n").isPresent() ? Payloads.string(record.get("n").get(), "n") : "";
            String unit = record.get("u").isPresent() ? Payloads.string(record.get("u").get(), "u") : baseUnit;
            JsonValue v = record.get("v")
                    .orElseThrow(() -> new InvalidReadingException("SenML record '" + name + "' has no value 'v'"));
            BigDecimal time = baseTime;
            if (record.get("t").isPresent()) {
                time = time.add(Payloads.number(record.get("t").get(), "t"));
            }
            switch (name) {
                case "pressure" -> readPressure(unit, Payloads.number(v, "v"), time);
                case "seq" -> readSeq(v);
                default -> throw new InvalidReadingException("unknown SenML record name '" + name
                        + "' (expected 'pressure' and optionally 'seq')");
            }
        }

        private void readPressure(String unit, BigDecimal pascal, BigDecimal time) throws InvalidReadingException {
            if (kPa != null) {
                throw new InvalidReadingException("SenML pack holds more than one pressure record");
            }
            if (!"Pa".equals(unit)) {
                throw new InvalidReadingException("SenML pressure unit must be 'Pa', got '" + unit + "'");
            }
            kPa = Payloads.kPa(pascal.divide(THOUSAND), "v");
            if (time.signum() != 0) {
                if (time.compareTo(RELATIVE_TIME_LIMIT) < 0) {
                    throw new InvalidReadingException("relative SenML times are not supported: send absolute "
                            + "seconds since 1970 in 'bt'/'t' or omit them");
                }
                try {
                    long nanos = time.movePointRight(9).longValueExact();
                    ts = Instant.ofEpochSecond(0, nanos);
                } catch (ArithmeticException e) {
                    throw new InvalidReadingException("SenML time out of range: " + time);
                }
            }
        }

        private void readSeq(JsonValue v) throws InvalidReadingException {
            if (seq != null) {
                throw new InvalidReadingException("SenML pack holds more than one seq record");
            }
            seq = Payloads.sequence(v, "seq");
        }

        ReadingSubmission toSubmission() throws InvalidReadingException {
            if (kPa == null) {
                throw new InvalidReadingException("SenML pack has no 'pressure' record");
            }
            Optional<DeviceId> device = Optional.empty();
            if (!baseName.isEmpty()) {
                if (!baseName.endsWith(BASE_NAME_SEPARATOR)
                        || !DeviceId.isValid(baseName.substring(0, baseName.length() - 1))) {
                    throw new InvalidReadingException("SenML base name must be '<device-id>/', got '" + baseName
                            + "'");
                }
                device = Optional.of(DeviceId.of(baseName.substring(0, baseName.length() - 1)));
            }
            return new ReadingSubmission(device, seq == null ? OptionalLong.empty() : OptionalLong.of(seq), kPa,
                    Optional.ofNullable(ts));
        }
    }
}
