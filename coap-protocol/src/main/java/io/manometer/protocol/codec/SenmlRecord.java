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

    /** 1 kPa = 10^3 Pa: converting is moving the decimal point, exact and cheaper than dividing. */
    static final int PASCAL_DIGITS = 3;

    /** RFC 8428 §4.4: the version this reader implements (10). */
    private static final BigDecimal SUPPORTED_VERSION = BigDecimal.TEN;
    private static final Set<String> FIELDS = Set.of("bn", "bt", "bu", "bver", "n", "u", "v", "t");
    private static final BigDecimal RELATIVE_TIME_LIMIT = BigDecimal.valueOf(1L << 28);

    /** The pressure in kPa; SenML carries it in {@code Pa} (RFC 8428 §12.1). */
    double kPa() throws InvalidReadingException {
        BigDecimal pascal = Payloads.number(value, "v");
        if (!"Pa".equals(unit)) {
            throw new InvalidReadingException("SenML pressure unit must be 'Pa', got '" + unit + "'");
        }
        return Payloads.kPa(pascal.movePointLeft(PASCAL_DIGITS), "v");
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
            // one map lookup per field: this runs for every record of every pack
            JsonValue bver = record.getOrNull("bver");
            if (bver != null && Payloads.number(bver, "bver").compareTo(SUPPORTED_VERSION) > 0) {
                // RFC 8428 §4.4: a pack of a newer version than the reader knows must not be used
                throw new InvalidReadingException("SenML version (bver) " + Payloads.number(bver, "bver")
                        + " is newer than the supported " + SUPPORTED_VERSION);
            }
            JsonValue bn = record.getOrNull("bn");
            if (bn != null) {
                baseName = Payloads.string(bn, "bn");
            }
            JsonValue bt = record.getOrNull("bt");
            if (bt != null) {
                baseTime = Payloads.number(bt, "bt");
            }
            JsonValue bu = record.getOrNull("bu");
            if (bu != null) {
                baseUnit = Payloads.string(bu, "bu");
            }
            JsonValue n = record.getOrNull("n");
            String name = n == null ? "" : Payloads.string(n, "n");
            JsonValue u = record.getOrNull("u");
            String unit = u == null ? baseUnit : Payloads.string(u, "u");
            JsonValue v = record.getOrNull("v");
            if (v == null) {
                throw new InvalidReadingException("SenML record '" + name + "' has no value 'v'");
            }
            JsonValue t = record.getOrNull("t");
            BigDecimal time = t == null ? baseTime : baseTime.add(Payloads.number(t, "t"));
            return new SenmlRecord(baseName, name, unit, v, time);
        }
    }
}
