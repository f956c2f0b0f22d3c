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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code application/json}: {@code {"device":"dev-1","seq":42,"kPa":101.325,"ts":"2026-11-22T10:00:00Z"}}.
 * Only {@code kPa} is required; the server assigns a missing seq or ts. Unknown members are rejected so that a typo
 * ({@code "kpa"}) is a 4.00, not a silently dropped value.
 */
public final class JsonReadingCodec implements ReadingCodec {

    private static final Set<String> MEMBERS = Set.of("device", "seq", "kPa", "ts");

    @Override
    public ContentFormat format() {
        return ContentFormat.JSON;
    }

    @Override
    public byte[] encode(PressureReading reading) {
        JsonWriter writer = new JsonWriter();
        write(writer, reading);
        return writer.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON array of readings, the body of {@code GET /pressure}. */
    public byte[] encodeAll(List<PressureReading> readings) {
        JsonWriter writer = new JsonWriter().beginArray();
        readings.forEach(reading -> write(writer, reading));
        return writer.endArray().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ReadingSubmission decode(byte[] payload) throws InvalidReadingException {
        return submission(Payloads.object(Payloads.json(payload), "a reading"));
    }

    /** Reads back a {@code GET /pressure} body; every element must be a complete reading. */
    public List<PressureReading> decodeAll(byte[] payload) throws InvalidReadingException {
        JsonValue value = Payloads.json(payload);
        if (!(value instanceof JsonArray array)) {
            throw new InvalidReadingException("expected a JSON array of readings, got " + value.typeName());
        }
        List<PressureReading> readings = new ArrayList<>(array.elements().size());
        for (JsonValue element : array.elements()) {
            ReadingSubmission submission = submission(Payloads.object(element, "a reading"));
            if (submission.device().isEmpty() || submission.seq().isEmpty() || submission.ts().isEmpty()) {
                throw new InvalidReadingException("a stored reading needs device, seq, kPa and ts");
            }
            readings.add(new PressureReading(submission.device().get(), submission.seq().getAsLong(),
                    submission.kPa(), submission.ts().get()));
        }
        return readings;
    }

    private static void write(JsonWriter writer, PressureReading reading) {
        writer.beginObject()
                .name("device").value(reading.device().value())
                .name("seq").value(reading.seq())
                .name("kPa").value(reading.kPa())
                .name("ts").value(reading.ts().toString())
                .endObject();
    }

    private static ReadingSubmission submission(JsonObject object) throws InvalidReadingException {
        Payloads.onlyMembers(object, MEMBERS, "a reading");
        JsonValue kPaValue = object.getOrNull("kPa");
        if (kPaValue == null) {
            throw new InvalidReadingException("missing member 'kPa' (pressure in kPa)");
        }
        double kPa = Payloads.kPa(Payloads.number(kPaValue, "kPa"), "kPa");
        Optional<DeviceId> device = Optional.empty();
        JsonValue deviceValue = object.getOrNull("device");
        if (deviceValue != null) {
            String id = Payloads.string(deviceValue, "device");
            if (!DeviceId.isValid(id)) {
                throw new InvalidReadingException("'device' is not a valid device id: '" + id + "'");
            }
            device = Optional.of(DeviceId.of(id));
        }
        JsonValue seqValue = object.getOrNull("seq");
        OptionalLong seq = seqValue == null ? OptionalLong.empty()
                : OptionalLong.of(Payloads.sequence(seqValue, "seq"));
        JsonValue tsValue = object.getOrNull("ts");
        Optional<Instant> ts = tsValue == null ? Optional.empty() : Optional.of(Payloads.instant(tsValue, "ts"));
        return new ReadingSubmission(device, seq, kPa, ts);
    }
}
