package io.manometer.protocol;

import java.util.regex.Pattern;

/**
 * The identity of a device: its PSK identity, its certificate's CN and its file name in the credentials folder.
 * Restricting the alphabet keeps it safe in all three places (no path separators, no spaces, no control bytes).
 */
public record DeviceId(String value) implements Comparable<DeviceId> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public DeviceId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid device id '" + value
                    + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
