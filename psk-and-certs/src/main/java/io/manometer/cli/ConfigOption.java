package io.manometer.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option of the device commands: a properties file applied over the app's Californium
 * defaults (see {@link PropertiesOverrides}). One declaration, so {@code device} and {@code fleet} describe it alike.
 */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE", description = "Californium/Manometer properties overrides.")
    Path file;

    /** The properties file, if one was given. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
