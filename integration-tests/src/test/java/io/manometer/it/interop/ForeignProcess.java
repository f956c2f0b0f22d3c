package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A foreign program (libcoap, openssl) run by a test. Two threads read its stdout and stderr into one transcript;
 * the test waits for what it expects to appear there or for the exit, always with a bound and never by sleeping,
 * and {@link #close()} kills whatever still runs. Output is read as ISO-8859-1 so binary bytes (a CoAP message
 * that {@code openssl s_client} prints raw) survive unchanged.
 */
final class ForeignProcess implements AutoCloseable {

    /** Options whose next argument is a key; it is never shown in a failure message. */
    private static final Set<String> SECRET_OPTIONS = Set.of("-k", "-psk");
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);
    private static final int TAIL_LINES = 80;

    private final List<String> command;
    private final Process process;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final StringBuilder transcript = new StringBuilder();
    private final List<Thread> readers = new ArrayList<>();
    private int openStreams = 2;

    private ForeignProcess(List<String> command, Process process) {
        this.command = List.copyOf(command);
        this.process = process;
    }

    /** Starts {@code command} in {@code dir}; with {@code keepInput} the test may write to its stdin. */
    static ForeignProcess start(Path dir, List<String> command, boolean keepInput) {
        ForeignProcess started;
        try {
            started = new ForeignProcess(command, new ProcessBuilder(command).directory(dir.toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        started.read(started.process.getInputStream(), started.stdout, "stdout");
        started.read(started.process.getErrorStream(), started.stderr, "stderr");
        if (!keepInput) {
            started.closeInput();
        }
        return started;
    }

    /**
     * Waits until {@code condition} holds for the transcript so far; false if the bound passed or the program
     * closed its output first.
     */
    synchronized boolean awaitOutput(Predicate<String> condition, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (!condition.test(transcript.toString())) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (openStreams == 0 || left <= 0) {
                    return condition.test(transcript.toString());
                }
                wait(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the transcript contains {@code text}; fails the test with the transcript otherwise. */
    void awaitOutput(String text, Duration bound) {
        if (!awaitOutput(output -> output.contains(text), bound)) {
            fail("'" + text + "' did not appear within " + bound + "\n" + describe());
        }
    }

    /** Waits for the program to exit and its output to be read; fails the test (and kills it) after the bound. */
    int awaitExit(Duration bound) {
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                fail(command.get(0) + " did not exit within " + bound + "\n" + describe());
            }
            joinReaders();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted waiting for " + command.get(0));
        }
    }

    void write(byte[] bytes) {
        try {
            OutputStream input = process.getOutputStream();
            input.write(bytes);
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + command.get(0), e);
        }
    }

    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized String stdout() {
        return stdout.toString();
    }

    synchronized String stderr() {
        return stderr.toString();
    }

    synchronized String transcript() {
        return transcript.toString();
    }

    /** The command line (keys redacted) and the end of the transcript, for failure messages. */
    String describe() {
        List<String> shown = new ArrayList<>(command);
        for (int i = 1; i < shown.size(); i++) {
            if (SECRET_OPTIONS.contains(shown.get(i - 1))) {
                shown.set(i, "<redacted>");
            }
        }
        List<String> lines = transcript().lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return "$ " + String.join(" ", shown) + "\n" + String.join("\n", tail);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        joinReaders();
    }

    private void read(InputStream stream, StringBuilder own, String name) {
        Thread reader = new Thread(() -> pump(stream, own), "interop-" + name + "-" + Path.of(command.get(0))
                .getFileName());
        reader.setDaemon(true);
        readers.add(reader);
        reader.start();
    }

    private void pump(InputStream stream, StringBuilder own) {
        char[] buffer = new char[8192];
        try (Reader in = new InputStreamReader(stream, StandardCharsets.ISO_8859_1)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (this) {
                    own.append(buffer, 0, n);
                    transcript.append(buffer, 0, n);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed while we read: what was read so far is the transcript
        } finally {
            synchronized (this) {
                openStreams--;
                notifyAll();
            }
        }
    }

    private void joinReaders() {
        long deadline = System.nanoTime() + CLOSE_BOUND.toNanos();
        for (Thread reader : readers) {
            try {
                reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
