package io.manometer.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The content formats {@code /pressure} speaks, with their CoAP Content-Format numbers (RFC 7252 §12.3). */
public enum ContentFormat {
    TEXT_PLAIN(0, "text/plain", "text"),
    JSON(50, "application/json", "json"),
    SENML_JSON(110, "application/senml+json", "senml");

    private static final ContentFormat[] ALL = values();

    private final int number;
    private final String mediaType;
    private final String shortName;

    ContentFormat(int number, String mediaType, String shortName) {
        this.number = number;
        this.mediaType = mediaType;
        this.shortName = shortName;
    }

    public int number() {
        return number;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The name used on command lines: {@code text}, {@code json}, {@code senml}. */
    public String shortName() {
        return shortName;
    }

    /** Runs for every POST, so it walks a shared array instead of streaming over a fresh copy of values(). */
    public static Optional<ContentFormat> fromNumber(int number) {
        for (ContentFormat format : ALL) {
            if (format.number == number) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    public static Optional<ContentFormat> fromShortName(String name) {
        return Arrays.stream(values()).filter(f -> f.shortName.equalsIgnoreCase(name)).findFirst();
    }
}
