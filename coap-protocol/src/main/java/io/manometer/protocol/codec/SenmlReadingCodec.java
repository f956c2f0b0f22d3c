package io.manometer.protocol.codec;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import io.manometer.protocol.json.JsonValue;
import io.manometer.protocol.json.JsonValue.JsonArray;
import io.manometer.protocol.json.JsonWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code application/senml+json} (RFC 8428). A reading is a pack of two records sharing a base name per device:
 * <pre>
 * [{"bn":"dev-1/","bt":1795341600,"n":"pressure","u":"Pa","v":101325},{"n":"seq","u":"count","v":42}]
 * </pre>
 * A history ({@code GET /pressure}) is one pack with these two records per reading, in order. Pressure travels in
 * the SenML unit {@code Pa} (RFC 8428 §12.1) and is stored in kPa; times are absolute seconds since the epoch.
 */
public final class SenmlReadingCodec implements ReadingCodec {

    /** Device ids end in a letter or digit, so the separator makes the base name unambiguous. */
    public static final String BASE_NAME_SEPARATOR = "/";

    @Override
    public ContentFormat format() {
        return ContentFormat.SENML_JSON;
    }

    @Override
    public byte[] encode(PressureReading reading) {
        return encodeAll(List.of(reading));
    }

    /**
     * One pack holding every reading in order, the body of {@code GET /pressure} with
     * {@code Accept: application/senml+json} (110). Each reading restates {@code bn} and {@code bt}, so a client can
     * read any pressure record without replaying the ones before it.
     */
    public byte[] encodeAll(List<PressureReading> readings) {
        JsonWriter writer = new JsonWriter().beginArray();
        readings.forEach(reading -> write(writer, reading));
        return writer.endArray().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ReadingSubmission decode(byte[] payload) throws InvalidReadingException {
        JsonValue value = Payloads.json(payload);
        if (!(value instanceof JsonArray pack) || pack.elements().isEmpty()) {
            throw new InvalidReadingException("a SenML pack must be a non-empty JSON array of records");
        }
        SenmlRecord.Resolver resolver = new SenmlRecord.Resolver();
        SenmlRecord record = null;
        Double kPa = null;
        Optional<Instant> ts = Optional.empty();
        OptionalLong seq = OptionalLong.empty();
        for (JsonValue element : pack.elements()) {
            record = resolver.resolve(Payloads.object(element, "a SenML record"));
            switch (record.name()) {
                case "pressure" -> {
                    if (kPa != null) {
                        throw new InvalidReadingException("SenML pack holds more than one pressure record");
                    }
                    kPa = record.kPa();
                    ts = record.instant();
                }
                case "seq" -> {
                    if (seq.isPresent()) {
                        throw new InvalidReadingException("SenML pack holds more than one seq record");
                    }
                    seq = OptionalLong.of(record.seq());
                }
                default -> throw unknownName(record);
            }
        }
        if (kPa == null) {
            throw new InvalidReadingException("SenML pack has no 'pressure' record");
        }
        // A single reading takes its device from the base name in force at the end of the pack.
        return new ReadingSubmission(record.device(), seq, kPa, ts);
    }

    /**
     * Reads back an {@link #encodeAll} pack. Each pressure record starts a reading and the seq record after it, under
     * the same base name, completes it; every reading must name its device and carry an absolute time and a seq.
     */
    public List<PressureReading> decodeAll(byte[] payload) throws InvalidReadingException {
        JsonValue value = Payloads.json(payload);
        if (!(value instanceof JsonArray pack)) {
            throw new InvalidReadingException("a SenML pack must be a JSON array of records, got " + value.typeName());
        }
        SenmlRecord.Resolver resolver = new SenmlRecord.Resolver();
        List<PressureReading> readings = new ArrayList<>();
        PendingReading pending = null;
        for (JsonValue element : pack.elements()) {
            SenmlRecord record = resolver.resolve(Payloads.object(element, "a SenML record"));
            switch (record.name()) {
                case "pressure" -> {
                    if (pending != null) {
                        readings.add(pending.complete());
                    }
                    pending = new PendingReading(record, readings.size() + 1);
                }
                case "seq" -> {
                    if (pending == null) {
                        throw new InvalidReadingException("SenML seq record comes before any pressure record");
                    }
                    pending.seq(record);
                }
                default -> throw unknownName(record);
            }
        }
        if (pending != null) {
            readings.add(pending.complete());
        }
        return readings;
    }

    private static void write(JsonWriter writer, PressureReading reading) {
        String pascal = new BigDecimal(JsonWriter.number(reading.kPa())).multiply(SenmlRecord.PASCALS_PER_KPA)
                .stripTrailingZeros().toPlainString();
        String seconds = BigDecimal.valueOf(reading.ts().toEpochMilli(), 3).stripTrailingZeros().toPlainString();
        writer.beginObject()
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
                .endObject();
    }

    private static InvalidReadingException unknownName(SenmlRecord record) {
        return new InvalidReadingException("unknown SenML record name '" + record.name()
                + "' (expected 'pressure' and optionally 'seq')");
    }

    /** A reading of a history pack whose pressure record has been read and whose seq record may follow. */
    private static final class PendingReading {
        private final String label;
        private final String baseName;
        private final DeviceId device;
        private final double kPa;
        private final Instant ts;
        private Long seq;

        PendingReading(SenmlRecord pressure, int position) throws InvalidReadingException {
            baseName = pressure.baseName();
            label = "SenML reading " + position + (baseName.isEmpty() ? "" : " ('" + baseName + "')");
            kPa = pressure.kPa();
            device = pressure.device().orElseThrow(() -> missing("base name 'bn' of the form '<device-id>/'"));
            ts = pressure.instant().orElseThrow(() -> missing("absolute time in 'bt'/'t'"));
        }

        void seq(SenmlRecord record) throws InvalidReadingException {
            if (!record.baseName().equals(baseName)) {
                throw new InvalidReadingException(label + ": seq record has base name '" + record.baseName()
                        + "', its pressure record '" + baseName + "'");
            }
            if (seq != null) {
                throw new InvalidReadingException(label + " has more than one seq record");
            }
            seq = record.seq();
        }

        PressureReading complete() throws InvalidReadingException {
            if (seq == null) {
                throw missing("'seq' record");
            }
            return new PressureReading(device, seq, kPa, ts);
        }

        private InvalidReadingException missing(String what) {
            return new InvalidReadingException(label + " has no " + what);
        }
    }
}
