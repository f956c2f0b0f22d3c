package io.manometer.protocol.codec;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.json.JsonValue;
import io.manometer.protocol.json.JsonValue.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One SenML record with the base fields in force applied (RFC 8428 §4.6), so that the single-reading and the
 * history decoders of {@link SenmlReadingCodec} read records the same way and differ only in how they group them.
 */
record SenmlRecord(String baseName, String name, String unit, JsonValue value, BigDecimal time) {

    static final BigDecimal PASCALS_PER_KPA = BigDecimal.valueOf(1000);

    private static final Set<String> FIELDS = Set.of("bn", "bt", "bu", "bver", "n", "u", "v", "t");
    private static final BigDecimal RELATIVE_TIME_LIMIT = BigDecimal.valueOf(1L << 28);

    /** The pressure in kPa; SenML carries it in {@code Pa} (RFC 8428 §12.1). */
    double kPa() throws InvalidReadingException {
        BigDecimal pascal = Payloads.number(value, "v");
        if (!"Pa".equals(unit)) {
            throw new InvalidReadingException("SenML pressure unit must be 'Pa', got '" + unit + "'");
        }
        return Payloads.kPa(pascal.divide(PASCALS_PER_KPA), "v");
    }

    /**
     * The absolute time, or empty when the record has none (zero, RFC 8428 §4.5.3). Relative times (below 2^28) are
     * rejected because a server cannot tell when a constrained device's "now" was.
     */
    Optional<Instant> instant() throws InvalidReadingException {
        if (time.signum() == 0) {
            return Optional.empty();
        }
        if (time.compareTo(RELATIVE_TIME_LIMIT) < 0) {
            throw new InvalidReadingException("relative SenML times are not supported: send absolute "
                    + "seconds since 1970 in 'bt'/'t' or omit them");
        }
        try {
            return Optional.of(Instant.ofEpochSecond(0, time.movePointRight(9).longValueExact()));
        } catch (ArithmeticException e) {
            throw new InvalidReadingException("SenML time out of range: " + time);
        }
    }

    long seq() throws InvalidReadingException {
        return Payloads.sequence(value, "seq");
    }

    /** The device a base name {@code <device-id>/} names, or empty when there is no base name. */
    Optional<DeviceId> device() throws InvalidReadingException {
        if (baseName.isEmpty()) {
            return Optional.empty();
        }
        String id = baseName.substring(0, baseName.length() - 1);
        if (!baseName.endsWith(SenmlReadingCodec.BASE_NAME_SEPARATOR) || !DeviceId.isValid(id)) {
            throw new InvalidReadingException("SenML base name must be '<device-id>/', got '" + baseName + "'");
        }
        return Optional.of(DeviceId.of(id));
    }

    /** Tracks the base fields of a pack; they persist from record to record until a record changes them. */
    static final class Resolver {
        private String baseName = "";
        private BigDecimal baseTime = BigDecimal.ZERO;
        private String baseUnit;

        SenmlRecord resolve(JsonObject record) throws InvalidReadingException {
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
            return new SenmlRecord(baseName, name, unit, v, time);
        }
    }
}
