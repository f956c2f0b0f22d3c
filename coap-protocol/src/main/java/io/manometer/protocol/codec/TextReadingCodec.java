package io.manometer.protocol.codec;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import io.manometer.protocol.json.JsonWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@code text/plain}: a decimal number of kPa, such as {@code 101.325}, for the smallest devices and for quick
 * tests with {@code coap-client}. The server assigns seq and timestamp, so text readings are not idempotent across
 * device restarts; devices that need that send JSON or SenML.
 */
public final class TextReadingCodec implements ReadingCodec {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,12}(\\.[0-9]{1,12})?");

    @Override
    public ContentFormat format() {
        return ContentFormat.TEXT_PLAIN;
    }

    @Override
    public byte[] encode(PressureReading reading) {
        return JsonWriter.number(reading.kPa()).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public ReadingSubmission decode(byte[] payload) throws InvalidReadingException {
        String text = Payloads.utf8(payload).strip();
        if (!DECIMAL.matcher(text).matches()) {
            String shown = text.length() > 32 ? text.substring(0, 32) + "..." : text;
            throw new InvalidReadingException("text/plain reading must be a decimal number of kPa such as 101.325, "
                    + "got '" + shown.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        double kPa = Payloads.kPa(new BigDecimal(text), "kPa");
        return new ReadingSubmission(Optional.empty(), OptionalLong.empty(), kPa, Optional.empty());
    }
}
