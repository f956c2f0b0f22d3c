package io.manometer.harness.compare;

import java.util.List;

/** GitHub-flavoured Markdown tables, the one structure the report repeats. */
final class Markdown {

    private Markdown() {
    }

    /**
     * A table; {@code align} has one character per column, {@code l} or {@code r}, because numbers read best
     * right-aligned.
     */
    static String table(List<String> header, String align, List<List<String>> rows) {
        if (align.length() != header.size()) {
            throw new IllegalArgumentException("one alignment per column");
        }
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (char a : align.toCharArray()) {
            out.append(a == 'r' ? "---:|" : "---|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells, not "
                        + header.size());
            }
            out.append("| ").append(String.join(" | ", row.stream().map(Markdown::cell).toList())).append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
