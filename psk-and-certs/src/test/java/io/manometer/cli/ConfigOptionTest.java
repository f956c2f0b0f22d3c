package io.manometer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ConfigOptionTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ConfigOption config;
    }

    @Test
    void the_properties_file_is_optional() {
        assertEquals(Optional.empty(), parse().config.file());
        assertEquals(Optional.of(Path.of("device.properties")),
                parse("--config", "device.properties").config.file());
    }

    private static Probe parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe;
    }
}
