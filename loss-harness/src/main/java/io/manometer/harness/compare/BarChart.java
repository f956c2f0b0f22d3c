package io.manometer.harness.compare;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A grouped bar chart as standalone SVG 1.1, small enough to write by hand and to embed in Markdown
 * ({@code ![…](chart.svg)}) without any plotting library: one group per category (mode), one bar per series, the
 * value printed above each bar, a legend, and a y axis from zero. A missing value leaves a gap.
 *
 * @param title the chart's title
 * @param unit what the values are, e.g. {@code bytes} or {@code ms}
 * @param categories the groups along the x axis
 * @param series the bars of each group, in legend order
 */
public record BarChart(String title, String unit, List<String> categories, List<Series> series) {

    /** One series: its name, its colour (any SVG colour) and one value per category. */
    public record Series(String name, String colour, List<OptionalDouble> values) {
        public Series {
            values = List.copyOf(values);
        }
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 360;
    private static final int LEFT = 60;
    private static final int RIGHT = 180;
    private static final int TOP = 40;
    private static final int BOTTOM = 40;

    public BarChart {
        Objects.requireNonNull(title, "title");
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        for (Series s : series) {
            if (s.values().size() != categories.size()) {
                throw new IllegalArgumentException("series " + s.name() + " has " + s.values().size()
                        + " values for " + categories.size() + " categories");
            }
        }
    }

    public String svg() {
        double max = series.stream().flatMap(s -> s.values().stream()).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max().orElse(1);
        double top = niceCeiling(max);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH,
                HEIGHT));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(LEFT, 22, "start", 14, title));
        for (int tick = 0; tick <= 4; tick++) {
            double value = top * tick / 4;
            double y = TOP + plotHeight - plotHeight * tick / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                    + " stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotWidth, y));
            svg.append(text(LEFT - 6, y + 4, "end", 11, format(value)));
        }
        svg.append(text(14, TOP + plotHeight / 2.0, "middle", 11, unit, "rotate(-90 14 " + (TOP + plotHeight / 2)
                + ")"));
        double group = (double) plotWidth / Math.max(1, categories.size());
        double bar = group * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double x0 = LEFT + c * group + group * 0.1;
            for (int s = 0; s < series.size(); s++) {
                OptionalDouble value = series.get(s).values().get(c);
                if (value.isEmpty()) {
                    continue;
                }
                double h = plotHeight * value.getAsDouble() / top;
                double x = x0 + s * bar;
                double y = TOP + plotHeight - h;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " fill=\"%s\"><title>%s</title></rect>%n", x, y, bar - 1, h, escape(series.get(s).colour()),
                        escape(series.get(s).name() + " " + categories.get(c) + ": " + format(value.getAsDouble()))));
                svg.append(text(x + bar / 2, y - 3, "middle", 9, format(value.getAsDouble())));
            }
            svg.append(text(LEFT + c * group + group / 2, TOP + plotHeight + 18, "middle", 12, categories.get(c)));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight));
        for (int s = 0; s < series.size(); s++) {
            int y = TOP + 10 + s * 18;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    WIDTH - RIGHT + 16, y - 10, escape(series.get(s).colour())));
            svg.append(text(WIDTH - RIGHT + 34, y, "start", 11, series.get(s).name()));
        }
        return svg.append("</svg>\n").toString();
    }

    /** The smallest 1, 2, 2.5 or 5 times a power of ten that is at least {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        return value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String text(double x, double y, String anchor, int size, String content) {
        return text(x, y, anchor, size, content, null);
    }

    private static String text(double x, double y, String anchor, int size, String content, String transform) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s>%s"
                + "</text>%n", x, y, anchor, size, transform == null ? "" : " transform=\"" + transform + "\"",
                escape(content));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
