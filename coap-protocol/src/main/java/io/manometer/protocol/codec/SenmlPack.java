package io.manometer.protocol.codec;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureApi;
import io.manometer.protocol.ReadingSubmission;
import io.manometer.protocol.json.JsonValue;
import io.manometer.protocol.json.JsonValue.JsonArray;
import io.manometer.protocol.json.JsonValue.JsonObject;
import io.manometer.protocol.json.JsonValue.JsonString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Groups the records of a SenML pack into readings, the one way a POSTed pack and a history pack are read: each
 * {@code pressure} record opens a reading and the {@code seq} record after it, under the same base name, completes
 * it; base fields are resolved record by record (RFC 8428 §4.6). Readings are numbered from 1 in pack order, and
 * every diagnostic names the reading it is about, so a device can find the offending one in what it sent.
 * <pre>
 *   [ {bn,bt,n:pressure,v} {n:seq,v} | {n:pressure,v,t} {n:seq,v} | ... ]
 *     └──── reading 1 of k ────────┘   └──── reading 2 of k ────┘
 * </pre>
 */
final class SenmlPack {

    /** What differs between reading a POST and reading back a history. */
    enum Rules {
        /**
         * A POST: at least one reading, at most {@link PressureApi#MAX_PACK_READINGS}; a seq record may precede
         * the first pressure record, as single-reading POSTs always allowed.
         */
        POST(PressureApi.MAX_PACK_READINGS, true, true),
        /** A {@code GET} body: any number of readings, an empty pack included, in the order encodeAll writes. */
        HISTORY(Integer.MAX_VALUE, false, false);

        private final int maxReadings;
        private final boolean seqMayLead;
        private final boolean needsReading;

        Rules(int maxReadings, boolean seqMayLead, boolean needsReading) {
            this.maxReadings = maxReadings;
            this.seqMayLead = seqMayLead;
            this.needsReading = needsReading;
        }
    }

    private static final String PRESSURE = "pressure";
    private static final String SEQ = "seq";

    private SenmlPack() {
    }

    /** The readings of {@code pack} in order; device, seq and time stay empty where the pack does not give them. */
    static List<ReadingSubmission> read(JsonArray pack, Rules rules) throws InvalidReadingException {
        List<JsonValue> records = pack.elements();
        int total = countPressureRecords(records);
        if (total == 0 && rules.needsReading) {
            throw new InvalidReadingException("SenML pack has no 'pressure' record");
        }
        if (total > rules.maxReadings) {
            throw new InvalidReadingException("SenML pack holds " + total + " readings; at most "
                    + rules.maxReadings + " are accepted in one request");
        }
        Grouping grouping = new Grouping(total, rules);
        for (JsonValue element : records) {
            grouping.add(element);
        }
        return grouping.finish();
    }

    /** How diagnostics name a reading: "SenML reading 3 of 10". */
    static String label(int number, int total) {
        return "SenML reading " + number + " of " + total;
    }

    private static int countPressureRecords(List<JsonValue> records) {
        int count = 0;
        for (JsonValue record : records) {
            if (isPressure(record)) {
                count++;
            }
        }
        return count;
    }

    /** Looks at the raw name only, so a record can be attributed to its reading before it is validated. */
    private static boolean isPressure(JsonValue record) {
        return record instanceof JsonObject object && object.getOrNull("n") instanceof JsonString name
                && PRESSURE.equals(name.value());
    }

    /** A step of reading a record whose diagnostic is to be prefixed with the reading it belongs to. */
    @FunctionalInterface
    private interface Step<T> {
        T run() throws InvalidReadingException;
    }

    /** Runs {@code step}; the label is only made if it fails, as records are read far more often than refused. */
    private static <T> T labelled(int number, int total, Step<T> step) throws InvalidReadingException {
        try {
            return step.run();
        } catch (InvalidReadingException e) {
            throw new InvalidReadingException(label(number, total) + ": " + e.getMessage());
        }
    }

    /** The state of one pass over a pack: the readings completed so far and the one still open. */
    private static final class Grouping {
        private final int total;
        private final Rules rules;
        private final SenmlRecord.Resolver resolver = new SenmlRecord.Resolver();
        private final List<ReadingSubmission> readings;
        /** Pressure records seen so far; the open reading has this number. */
        private int opened;
        private String baseName;
        private Optional<DeviceId> device;
        private double kPa;
        private Optional<Instant> ts;
        private OptionalLong seq = OptionalLong.empty();

        Grouping(int total, Rules rules) {
            this.total = total;
            this.rules = rules;
            this.readings = new ArrayList<>(total);
        }

        void add(JsonValue element) throws InvalidReadingException {
            // a record belongs to the open reading, or to the next one if it opens it
            int number = isPressure(element) ? opened + 1 : Math.max(opened, 1);
            SenmlRecord record = labelled(number, total,
                    () -> resolver.resolve(Payloads.object(element, "a SenML record")));
            switch (record.name()) {
                case PRESSURE -> open(record, number);
                case SEQ -> attach(record, number);
                default -> throw new InvalidReadingException(label(number, total) + ": unknown SenML record name '"
                        + record.name() + "' (expected '" + PRESSURE + "' and '" + SEQ + "')");
            }
        }

        List<ReadingSubmission> finish() {
            if (opened > readings.size()) {
                complete();
            }
            return readings;
        }

        private void open(SenmlRecord record, int number) throws InvalidReadingException {
            if (opened > readings.size()) {
                complete();
            }
            // validated now, so that a bad value is reported as this reading's, not the next one's
            device = labelled(number, total, record::device);
            kPa = labelled(number, total, record::kPa);
            ts = labelled(number, total, record::instant);
            baseName = record.baseName();
            if (opened > 0) {
                seq = OptionalLong.empty();
            }
            opened++;
        }

        private void attach(SenmlRecord record, int number) throws InvalidReadingException {
            if (opened == 0 && !rules.seqMayLead) {
                throw new InvalidReadingException("SenML seq record comes before any pressure record");
            }
            if (seq.isPresent()) {
                throw new InvalidReadingException(label(number, total) + " has more than one seq record");
            }
            // a leading seq record (single-reading POSTs allowed it) belongs to the first reading, whatever its bn
            if (opened > 0 && !record.baseName().equals(baseName)) {
                throw new InvalidReadingException(label(number, total) + ": seq record has base name '"
                        + record.baseName() + "', its pressure record '" + baseName + "'");
            }
            seq = OptionalLong.of(labelled(number, total, record::seq));
        }

        private void complete() {
            readings.add(new ReadingSubmission(device, seq, kPa, ts));
        }
    }
}
