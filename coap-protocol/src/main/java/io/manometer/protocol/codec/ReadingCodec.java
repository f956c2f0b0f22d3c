package io.manometer.protocol.codec;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;

/**
 * Turns readings into payload bytes and back for one content format. Decoding never trusts its input: every way a
 * payload can be wrong ends in an {@link InvalidReadingException} whose message is the client's diagnostic.
 */
public sealed interface ReadingCodec permits JsonReadingCodec, SenmlReadingCodec, TextReadingCodec {

    ContentFormat format();

    byte[] encode(PressureReading reading);

    ReadingSubmission decode(byte[] payload) throws InvalidReadingException;

    static ReadingCodec forFormat(ContentFormat format) {
        return switch (format) {
            case JSON -> new JsonReadingCodec();
            case SENML_JSON -> new SenmlReadingCodec();
            case TEXT_PLAIN -> new TextReadingCodec();
        };
    }
}
