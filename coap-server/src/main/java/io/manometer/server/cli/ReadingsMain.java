package io.manometer.server.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureRange;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.json.JsonWriter;
import io.manometer.server.storage.SqliteReadingStore;
import io.manometer.server.storage.StoreException;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code manometer readings}: print or export the readings the server stored, straight from its SQLite file, for
 * people and scripts that have no CoAP client or credentials. The file is opened read-only, so it works while the
 * server runs (WAL), and readings are streamed from the database, never collected, so exports of any size fit.
 */
@Command(name = "manometer readings", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the stored readings as a table, or export them as CSV, ordered by device, then seq.",
                "Reads the server's database directly (read-only, safe while the server runs); no CoAP, no "
                        + "credentials."},
        footer = {"", "Examples:", "  ./manometer readings --device dev-1 --limit 10",
                "  ./manometer readings --csv > readings.csv"})
public final class ReadingsMain implements Callable<Integer> {

    /** Digits left of the decimal point of the largest storable reading: the table aligns kPa on the point. */
    static final int KPA_WHOLE_WIDTH = Long.toString((long) PressureRange.MAX_KPA).length();
    /** Room for {@code .325} (Pa resolution); a longer fraction widens its own row only. */
    static final int KPA_FRACTION_WIDTH = 4;
    /** How often a long export checks that its output still takes data (closed pipe, full disk). */
    private static final int CHECK_OUTPUT_EVERY = 4096;
    private static final String CRLF = "\r\n";

    @Option(names = "--db", paramLabel = "FILE", defaultValue = "data/readings.db",
            description = "SQLite reading database written by 'manometer server' (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--device", paramLabel = "ID", description = "Only this device's readings (default: all devices).")
    String device;

    @Option(names = "--limit", paramLabel = "N",
            description = "Only the newest N readings of each device, still listed oldest first (default: all).")
    Integer limit;

    @Option(names = "--csv",
            description = "Export RFC 4180 CSV instead of the table: a header line 'device,seq,kPa,ts', CRLF line "
                    + "ends and no summary line, ready to redirect to a file.")
    boolean csv;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        int code = Cli.run("readings", new ReadingsMain(), args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        Optional<DeviceId> only = onlyDevice();
        if (limit != null && limit < 1) {
            throw new CliException(Cli.USAGE, "--limit must be at least 1, got " + limit);
        }
        if (!Files.isRegularFile(db)) {
            throw new CliException(Cli.FAILURE, "no database at " + db + " (start the server, or pass --db FILE)");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(db)) {
            // the newest reading of each device: which devices to list, and how wide their columns are
            List<PressureReading> newest = only.isPresent() ? store.history(only.get(), 1) : store.latest();
            Output output = csv ? new Csv(stdout) : new Table(stdout, newest);
            if (limit == null) {
                store.scan(only, output);
            } else {
                for (PressureReading head : newest) {
                    List<PressureReading> history = new ArrayList<>(store.history(head.device(), limit));
                    Collections.reverse(history);
                    history.forEach(output);
                }
            }
            output.finish();
        } catch (StoreException e) {
            throw new CliException(Cli.FAILURE, e.getMessage(), e);
        }
        return 0;
    }

    private Optional<DeviceId> onlyDevice() {
        if (device == null) {
            return Optional.empty();
        }
        if (!DeviceId.isValid(device)) {
            throw new CliException(Cli.USAGE, "--device: invalid device id '" + device
                    + "' (1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }
        return Optional.of(DeviceId.of(device));
    }

    /** One CSV field (RFC 4180 §2): quoted, with quotes doubled, only when it holds a comma, quote or line break. */
    static String csvField(String value) {
        if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** kPa as its shortest exact decimal, padded so that decimal points line up in a column. */
    static String alignedKpa(double kPa) {
        String text = JsonWriter.number(kPa);
        int point = text.indexOf('.');
        String whole = point < 0 ? text : text.substring(0, point);
        String fraction = point < 0 ? "" : text.substring(point);
        return " ".repeat(Math.max(0, KPA_WHOLE_WIDTH - whole.length())) + whole
                + fraction + " ".repeat(Math.max(0, KPA_FRACTION_WIDTH - fraction.length()));
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /**
     * Where readings go, one at a time and in order. Writes are buffered (picocli's writer flushes every line) and
     * checked now and then, so an export to a closed pipe or a full disk stops with an error instead of running on.
     */
    private abstract static class Output implements Consumer<PressureReading> {

        final PrintWriter out;
        private final PrintWriter target;
        long readings;

        Output(PrintWriter target) {
            this.target = target;
            this.out = new PrintWriter(new BufferedWriter(target));
        }

        @Override
        public final void accept(PressureReading reading) {
            write(reading);
            readings++;
            if (readings % CHECK_OUTPUT_EVERY == 0) {
                checkWritten();
            }
        }

        abstract void write(PressureReading reading);

        void finish() {
            checkWritten();
        }

        private void checkWritten() {
            out.flush();
            // picocli's writer wraps System.out, a PrintStream that keeps write errors to itself: ask both
            if (target.checkError() || System.out.checkError()) {
                throw new CliException(Cli.FAILURE, "cannot write the output (stopped after "
                        + plural(readings, "reading") + ")");
            }
        }
    }

    /** RFC 4180: a header line, CRLF line ends, nothing else, so the output is a file as it stands. */
    private static final class Csv extends Output {

        Csv(PrintWriter target) {
            super(target);
            out.print("device,seq,kPa,ts" + CRLF);
        }

        @Override
        void write(PressureReading reading) {
            out.print(csvField(reading.device().value()) + ',' + reading.seq() + ',' + JsonWriter.number(reading.kPa())
                    + ',' + csvField(reading.ts().toString()) + CRLF);
        }
    }

    /**
     * Aligned columns for people, then a summary line. Column widths come from each device's newest reading (the
     * longest id, the highest seq), so rows stream out without being collected first.
     */
    private static final class Table extends Output {

        /** "kPa" over the whole part of the aligned numbers. */
        private static final String KPA_HEADER = " ".repeat(KPA_WHOLE_WIDTH - "kPa".length()) + "kPa"
                + " ".repeat(KPA_FRACTION_WIDTH);

        private final int deviceWidth;
        private final int seqWidth;
        private DeviceId lastDevice;
        private long devices;

        Table(PrintWriter target, List<PressureReading> newest) {
            super(target);
            int widestDevice = "device".length();
            int widestSeq = "seq".length();
            for (PressureReading reading : newest) {
                widestDevice = Math.max(widestDevice, reading.device().value().length());
                widestSeq = Math.max(widestSeq, Long.toString(reading.seq()).length());
            }
            this.deviceWidth = widestDevice;
            this.seqWidth = widestSeq;
        }

        @Override
        void write(PressureReading reading) {
            if (readings == 0) {
                out.println(row("device", "seq", KPA_HEADER, "ts"));
            }
            if (!reading.device().equals(lastDevice)) {
                lastDevice = reading.device();
                devices++;
            }
            // plain concatenation: String.format doubles the time of a million-row listing
            out.println(row(reading.device().value(), Long.toString(reading.seq()), alignedKpa(reading.kPa()),
                    reading.ts().toString()));
        }

        private String row(String device, String seq, String kPa, String ts) {
            return device + " ".repeat(Math.max(0, deviceWidth - device.length())) + "  "
                    + " ".repeat(Math.max(0, seqWidth - seq.length())) + seq + "  " + kPa + "  " + ts;
        }

        @Override
        void finish() {
            out.println(readings == 0 ? "0 readings" : plural(readings, "reading") + ", " + plural(devices, "device"));
            super.finish();
        }
    }
}
