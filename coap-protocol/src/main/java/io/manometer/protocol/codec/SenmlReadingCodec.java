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

/**
 * {@code application/senml+json} (RFC 8428). A reading is a pack of two records sharing a base name per device:
 * <pre>
 * [{"bn":"dev-1/","bt":1795341600,"n":"pressure","u":"Pa","v":101325},{"n":"seq","u":"count","v":42}]
 * </pre>
 * Several readings are one pack with these two records per reading, in order: what {@code GET /pressure} returns,
 * and what a device that buffers readings POSTs to send them in one request ({@link #decodePack}). Pressure travels
 * in the SenML unit {@code Pa} (RFC 8428 §12.1) and is stored in kPa; times are absolute seconds since the epoch.
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

    /**
     * The densest pack {@link #decodePack} accepts, for a device POSTing its own buffered readings: {@code bn},
     * {@code bt} and {@code bu} once in the first record (RFC 8428 §4.1), later times relative to {@code bt} and
     * left out when equal to it, seq records without a unit.
     * <pre>
     * [{"bn":"dev-1/","bt":1795341600.25,"bu":"Pa","n":"pressure","v":101325},{"n":"seq","v":42},
     *  {"n":"pressure","v":101330,"t":1},{"n":"seq","v":43}]
     * </pre>
     * About 60 bytes a reading instead of 100–115, so {@link io.manometer.protocol.PressureApi#MAX_PACK_READINGS}
     * readings fit {@link io.manometer.protocol.PressureApi#MAX_PAYLOAD_BYTES}. Under {@code bu} a generic SenML
     * reader would give the seq records the unit {@code Pa}; the server reads a seq by its name and ignores its
     * unit, and {@code "u":"count"} on each would cap a pack near 55 readings.
     *
     * @throws IllegalArgumentException if {@code readings} is empty or names more than one device
     */
    public byte[] encodeCompact(List<PressureReading> readings) {
        if (readings.isEmpty()) {
            throw new IllegalArgumentException("a SenML pack needs at least one reading");
        }
        PressureReading first = readings.get(0);
        BigDecimal baseTime = seconds(first.ts());
        JsonWriter writer = new JsonWriter().beginArray().beginObject()
                .name("bn").value(first.device().value() + BASE_NAME_SEPARATOR)
                .name("bt").rawNumber(baseTime.toPlainString())
                .name("bu").value("Pa");
        for (int i = 0; i < readings.size(); i++) {
            PressureReading reading = readings.get(i);
            if (!reading.device().equals(first.device())) {
                throw new IllegalArgumentException("a compact pack holds one device's readings, got "
                        + first.device().value() + " and " + reading.device().value());
            }
            if (i > 0) {
                writer.beginObject();
            }
            writer.name("n").value("pressure").name("v").rawNumber(pascal(reading));
            BigDecimal offset = seconds(reading.ts()).subtract(baseTime);
            if (offset.signum() != 0) {
                writer.name("t").rawNumber(offset.stripTrailingZeros().toPlainString());
            }
            writer.endObject().beginObject().name("n").value("seq").name("v").value(reading.seq()).endObject();
        }
        return writer.endArray().toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A POST carrying exactly one reading. A device that buffers readings POSTs them as one pack instead, which the
     * server reads with {@link #decodePack}.
     */
    @Override
    public ReadingSubmission decode(byte[] payload) throws InvalidReadingException {
        List<ReadingSubmission> readings = decodePack(payload);
        if (readings.size() != 1) {
            throw new InvalidReadingException("expected a single reading, the SenML pack holds " + readings.size());
        }
        return readings.get(0);
    }

    /**
     * The readings of a POSTed pack, in order: 1 to {@link io.manometer.protocol.PressureApi#MAX_PACK_READINGS},
     * each a {@code pressure} record followed by its {@code seq} record as {@link #encodeAll} writes them. Base
     * fields carry over from record to record (RFC 8428 §4.6), so a compact pack states {@code bn}, {@code bt} and
     * {@code bu} once and gives later readings a relative {@code t}. A reading without base name belongs to the
     * sender and one without time gets the server's; a seq may be left out only in a pack of one reading, whose
     * seq the server then assigns. Every diagnostic names the offending reading ("SenML reading 3 of 10: ...").
     */
    public List<ReadingSubmission> decodePack(byte[] payload) throws InvalidReadingException {
        JsonValue value = Payloads.json(payload);
        if (!(value instanceof JsonArray pack) || pack.elements().isEmpty()) {
            throw new InvalidReadingException("a SenML pack must be a non-empty JSON array of records");
        }
        List<ReadingSubmission> readings = SenmlPack.read(pack, SenmlPack.Rules.POST);
        if (readings.size() > 1) {
            for (int i = 0; i < readings.size(); i++) {
                if (readings.get(i).seq().isEmpty()) {
                    // without a seq a re-sent pack could not be recognised, and its readings would be stored twice
                    throw new InvalidReadingException(SenmlPack.label(i + 1, readings.size()) + " has no 'seq'"
                            + " record; in a pack of several readings every reading needs one");
                }
            }
        }
        return readings;
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
        List<ReadingSubmission> submissions = SenmlPack.read(pack, SenmlPack.Rules.HISTORY);
        List<PressureReading> readings = new ArrayList<>(submissions.size());
        for (ReadingSubmission submission : submissions) {
            String label = SenmlPack.label(readings.size() + 1, submissions.size());
            DeviceId device = submission.device().orElseThrow(() -> new InvalidReadingException(label
                    + " has no base name 'bn' of the form '<device-id>/'"));
            Instant ts = submission.ts().orElseThrow(() -> new InvalidReadingException(label
                    + " has no absolute time in 'bt'/'t'"));
            if (submission.seq().isEmpty()) {
                throw new InvalidReadingException(label + " has no 'seq' record");
            }
            readings.add(new PressureReading(device, submission.seq().getAsLong(), submission.kPa(), ts));
        }
        return readings;
    }

    private static void write(JsonWriter writer, PressureReading reading) {
        String pascal = pascal(reading);
        String seconds = seconds(reading.ts()).toPlainString();
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

    private static String pascal(PressureReading reading) {
        return new BigDecimal(JsonWriter.number(reading.kPa())).movePointRight(SenmlRecord.PASCAL_DIGITS)
                .stripTrailingZeros().toPlainString();
    }

    /** Seconds since the epoch to the millisecond, without trailing zeros. */
    private static BigDecimal seconds(Instant ts) {
        return BigDecimal.valueOf(ts.toEpochMilli(), 3).stripTrailingZeros();
    }
}
