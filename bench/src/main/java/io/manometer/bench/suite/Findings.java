package io.manometer.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hand-written explanations of bench/FINDINGS.md, one per target id, which the generated report copies into its
 * "Targets" table. results.md is rewritten whole on every run; FINDINGS.md is never written by the suite, so what a
 * person found out after profiling survives the next run.
 * <pre>
 *   ## Explanations
 *   - `psk-handshakes`: the DTLS worker thread is the bottleneck; …
 * </pre>
 */
final class Findings {

    static final String SECTION = "## Explanations";
    private static final Pattern LINE = Pattern.compile("^\\s*[-*]\\s+`?([a-z0-9][a-z0-9-]*)`?\\s*:\\s*(.+)$");

    private final Map<String, String> explanations;

    private Findings(Map<String, String> explanations) {
        this.explanations = Map.copyOf(explanations);
    }

    static Findings none() {
        return new Findings(Map.of());
    }

    /** The explanations in {@code file}; none when it does not exist. */
    static Findings read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return none();
        }
        return parse(Files.readString(file));
    }

    /** The {@code - id: text} lines of the "## Explanations" section; the rest of the file is free text. */
    static Findings parse(String text) {
        Map<String, String> explanations = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : text.lines().toList()) {
            if (line.startsWith("#")) {
                inSection = line.strip().equalsIgnoreCase(SECTION);
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (inSection && m.matches()) {
                explanations.putIfAbsent(m.group(1), m.group(2).strip());
            }
        }
        return new Findings(explanations);
    }

    Optional<String> explanation(String id) {
        return Optional.ofNullable(explanations.get(id));
    }
}
