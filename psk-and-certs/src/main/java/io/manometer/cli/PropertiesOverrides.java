package io.manometer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Applies a user's {@code .properties} file on top of an app's defaults. Californium's own {@code load(File)} only
 * logs a missing or unreadable file; a user who passed {@code --config} deserves an error instead.
 */
public final class PropertiesOverrides {

    private PropertiesOverrides() {
    }

    public static Configuration apply(Configuration config, Optional<Path> propertiesFile) throws IOException {
        if (propertiesFile.isPresent()) {
            try (InputStream in = Files.newInputStream(propertiesFile.get())) {
                config.load(in);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(propertiesFile.get() + " not found");
            }
        }
        return config;
    }
}
