package io.manometer.bench.suite;

import io.manometer.bench.heap.HeapProbe;
import io.manometer.bench.libcoap.LibcoapServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** What the report's first lines say about the machine: numbers from another machine are not comparable. */
final class MachineFacts {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private MachineFacts() {
    }

    static SuiteResults.Machine collect(Clock clock, Optional<Path> libcoap, String fileSystem) {
        long maxHeap = HeapProbe.maxHeap();
        return new SuiteResults.Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(clock.instant().atOffset(ZoneOffset.UTC)),
                libcoap.map(LibcoapServer::version).orElse("not installed"), fileSystem,
                maxHeap < 0 ? "no limit" : (maxHeap >> 20) + " MiB");
    }

    /** The first "model name" of /proc/cpuinfo, or what the JVM knows on other systems. */
    static String cpuModel() {
        try {
            return Files.readAllLines(CPUINFO).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch") + " (no /proc/cpuinfo)";
        }
    }
}
