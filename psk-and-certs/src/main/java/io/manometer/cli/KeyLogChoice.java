package io.manometer.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a command appends its TLS key log, if anywhere: {@code --keylog FILE} when given, otherwise the
 * {@code SSLKEYLOGFILE} environment variable, the convention browsers, curl and OpenSSL-based tools follow, so one
 * setting covers every program a user inspects in Wireshark. Resolved in one place so server, device and capture
 * agree on the rule.
 *
 * @param file the key log file
 * @param source what chose it
 */
public record KeyLogChoice(Path file, Source source) {

    /** The environment variable, as NSS defined it and Wireshark documents it. */
    public static final String ENVIRONMENT_VARIABLE = "SSLKEYLOGFILE";

    /** What chose the key log file. */
    public enum Source {
        OPTION("--keylog"),
        ENVIRONMENT(ENVIRONMENT_VARIABLE);

        private final String text;

        Source(String text) {
            this.text = text;
        }

        /** {@code --keylog} or {@code SSLKEYLOGFILE}, as the user wrote it. */
        public String text() {
            return text;
        }
    }

    public KeyLogChoice {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(source, "source");
    }

    /**
     * {@code option} wins; otherwise {@code SSLKEYLOGFILE} when it is set and not blank; otherwise no key log.
     *
     * @throws CliException (usage) when the variable holds something that is not a path
     */
    public static Optional<KeyLogChoice> resolve(Optional<Path> option, Map<String, String> environment) {
        if (option.isPresent()) {
            return Optional.of(new KeyLogChoice(option.get(), Source.OPTION));
        }
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KeyLogChoice(Path.of(value), Source.ENVIRONMENT));
        } catch (InvalidPathException e) {
            throw new CliException(Cli.USAGE, ENVIRONMENT_VARIABLE + " is not a usable file name: " + e.getMessage());
        }
    }

    /** The file {@link #resolve} picks, for callers that do not care why. */
    public static Optional<Path> file(Optional<Path> option, Map<String, String> environment) {
        return resolve(option, environment).map(KeyLogChoice::file);
    }
}
