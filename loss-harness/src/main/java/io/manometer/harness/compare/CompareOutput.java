package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a comparison into its folder: {@code compare.csv}, {@code report.md}, the SVG charts the report embeds, and
 * the lean profile as {@code --config} files for the real server and devices.
 */
public final class CompareOutput {

    public static final String CSV = "compare.csv";
    public static final String REPORT = "report.md";
    public static final String LEAN = "lean";

    private CompareOutput() {
    }

    /** Writes every file, replacing earlier ones; returns the files written. */
    public static List<Path> write(CompareResult result, Path dir) throws IOException {
        Files.createDirectories(dir.resolve(LEAN));
        List<Path> written = new ArrayList<>();
        written.add(write(dir.resolve(CSV), CompareCsv.write(result)));
        for (Map.Entry<String, BarChart> chart : CompareCharts.of(result).entrySet()) {
            written.add(write(dir.resolve(chart.getKey()), chart.getValue().svg()));
        }
        written.add(write(dir.resolve(LEAN).resolve("server.properties"),
                properties("server", Profile.LEAN.serverProperties())));
        for (CredentialMode mode : CredentialMode.values()) {
            written.add(write(dir.resolve(LEAN).resolve("device-" + mode.cliName() + ".properties"),
                    properties("device, mode " + mode.cliName() + Profile.LEAN.cipherSuite(mode)
                            .map(s -> ", with --cipher-suite " + s.name()).orElse(""),
                            Profile.LEAN.deviceProperties(mode))));
        }
        written.add(write(dir.resolve(REPORT), CompareReport.write(result)));
        return written;
    }

    private static String properties(String who, List<String> lines) {
        StringBuilder text = new StringBuilder("# Manometer lean profile (docs/compare.md): " + who + "\n");
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
