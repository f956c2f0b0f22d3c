package io.manometer.protocol;

/**
 * The identity of a device: its PSK identity, its certificate's CN and its file name in the credentials folder.
 * Restricting the alphabet keeps it safe in all three places (no path separators, no spaces, no control bytes).
 */
public record DeviceId(String value) implements Comparable<DeviceId> {

    /** Longest id: 64 characters. */
    public static final int MAX_LENGTH = 64;

    public DeviceId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid device id '" + value
                    + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}, checked by hand: every request and every reading of a pack names a
     * device, and a regex matcher per id showed up in profiles of the POST path.
     */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !isAlphanumeric(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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
