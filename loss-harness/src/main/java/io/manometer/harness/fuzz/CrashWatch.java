package io.manometer.harness.fuzz;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notices a server that breaks without falling over: a thread that dies of an uncaught exception, an ERROR log
 * line, a stack trace on stderr at any level (Californium's executors catch what a task throws and log it). While
 * installed it tees {@code System.err}, which slf4j-simple writes to, counting such lines; it keeps the first few for
 * the report.
 */
final class CrashWatch implements AutoCloseable {

    private static final int KEPT = 5;

    private final AtomicLong uncaught = new AtomicLong();
    private final AtomicLong errorLines = new AtomicLong();
    private final List<String> samples = new ArrayList<>();
    private final PrintStream originalErr;
    private final Thread.UncaughtExceptionHandler originalHandler;

    private CrashWatch() {
        originalErr = System.err;
        originalHandler = Thread.getDefaultUncaughtExceptionHandler();
    }

    /** Starts watching this JVM: the default uncaught-exception handler and {@code System.err}. */
    static CrashWatch install() {
        CrashWatch watch = new CrashWatch();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            watch.uncaught.incrementAndGet();
            watch.keep("uncaught in " + thread.getName() + ": " + error);
            watch.originalErr.println("uncaught exception in " + thread.getName() + ": " + error);
        });
        System.setErr(new PrintStream(new LineCounter(watch), true, StandardCharsets.UTF_8));
        return watch;
    }

    /** Uncaught exceptions plus ERROR lines and stack traces seen so far. */
    long crashes() {
        return uncaught.get() + errorLines.get();
    }

    synchronized List<String> samples() {
        return List.copyOf(samples);
    }

    private synchronized void keep(String line) {
        if (samples.size() < KEPT) {
            samples.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
        }
    }

    /** An ERROR level line of slf4j-simple ({@code [thread] ERROR logger - msg}) or an uncaught exception. */
    static boolean isCrashLine(String line) {
        return line.contains("] ERROR ") || line.contains(" ERROR ") && line.matches("^[0-9:.]+ ERROR .*")
                || line.startsWith("Exception in thread");
    }

    /** The first frame of a stack trace, at whatever level it was logged. */
    static boolean startsTrace(String line, String previous) {
        return line.startsWith("\tat ") && !previous.startsWith("\tat ") && !previous.startsWith("Caused by: ")
                && !previous.startsWith("\t... ");
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        Thread.setDefaultUncaughtExceptionHandler(originalHandler);
    }

    /** Passes bytes on to the real stderr and looks at each complete line. */
    private static final class LineCounter extends OutputStream {

        private final CrashWatch watch;
        private final StringBuilder line = new StringBuilder();
        private String previous = "";

        LineCounter(CrashWatch watch) {
            this.watch = watch;
        }

        @Override
        public synchronized void write(int b) {
            watch.originalErr.write(b);
            scan(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            watch.originalErr.write(bytes, offset, length);
            for (int i = offset; i < offset + length; i++) {
                scan(bytes[i]);
            }
        }

        private void scan(int b) {
            if (b == '\n') {
                String text = line.toString();
                line.setLength(0);
                if (isCrashLine(text) || startsTrace(text, previous)) {
                    watch.errorLines.incrementAndGet();
                    watch.keep(startsTrace(text, previous) ? previous + " " + text.strip() : text);
                }
                previous = text;
            } else if (line.length() < 1000) {
                line.append((char) (b & 0xff));
            }
        }

        @Override
        public void flush() {
            watch.originalErr.flush();
        }
    }
}
