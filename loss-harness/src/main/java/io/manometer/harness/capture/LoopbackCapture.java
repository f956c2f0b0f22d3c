package io.manometer.harness.capture;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's view of the same traffic: {@code dumpcap -i lo -f 'udp port N'} around a capture session, as a check
 * on the link's synthesized capture and for users who trust only a real one. It needs capture rights (root or
 * CAP_NET_RAW); when it cannot capture, {@link #start} says why in one line and the session goes on without it.
 * <pre>
 *   start():  dumpcap ... ──stderr──▶ "File: loopback.pcapng"  (waited for, bounded)
 *   awaitPackets(n): file-change events on loopback.pcapng until it holds n packets (bounded)
 *   close():  kill -INT dumpcap ──▶ it flushes loopback.pcapng and exits (bounded, then killed)
 * </pre>
 * dumpcap writes what it captured about every half second, and on SIGINT drops what the kernel has not handed it
 * yet, so stopping it right after the session would lose the last datagrams: {@link #awaitPackets} waits for them.
 */
final class LoopbackCapture implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackCapture.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /**
     * dumpcap prints "Capturing on 'Loopback: lo'" before it opens the interface, and "File: NAME" once the
     * interface is open, the filter set and the output file created: only then is it capturing.
     */
    private static final String READY = "File: ";
    private static final String COUNT = "Packets captured: ";

    /** Why a loopback capture could not be made, as one line for the user. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final Process process;
    private final Path file;
    private final List<String> lines;
    private final CompletableFuture<Void> ended;

    private LoopbackCapture(Process process, Path file, List<String> lines, CompletableFuture<Void> ended) {
        this.process = process;
        this.file = file;
        this.lines = lines;
        this.ended = ended;
    }

    /** The {@code dumpcap} on the PATH, if any. */
    static Optional<Path> findDumpcap() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "dumpcap"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts {@code dumpcap} on {@code lo} for UDP port {@code port} and returns once it is capturing. It stops by
     * itself after {@code bound}, should this JVM never get to {@link #close()}.
     */
    static LoopbackCapture start(Path dumpcap, int port, Path file, Duration bound) throws Unavailable {
        List<String> command = List.of(dumpcap.toString(), "-i", "lo", "-f", "udp port " + port, "-w",
                file.toString(), "-a", "duration:" + Math.max(1, bound.toSeconds()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new Unavailable("cannot run " + dumpcap + ": " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStderr(process, lines, ready, ended), "manometer-dumpcap");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new Unavailable("dumpcap cannot capture on lo: " + firstLine(lines, e instanceof TimeoutException
                    ? "no \"" + READY + "\" within " + START_TIMEOUT.toSeconds() + " s" : "it exited"));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while starting dumpcap");
        }
        LOG.debug("dumpcap capturing udp port {} on lo to {}", port, file);
        return new LoopbackCapture(process, file, lines, ended);
    }

    Path file() {
        return file;
    }

    /**
     * Waits until the capture file holds at least {@code expected} packets, woken by the file's change events, for
     * at most {@code bound}; returns the count it saw last.
     */
    long awaitPackets(long expected, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Path dir = file.toAbsolutePath().getParent();
        try (WatchService watcher = dir.getFileSystem().newWatchService()) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            long seen = PcapngCount.packets(file);
            while (seen < expected) {
                long left = deadline - System.nanoTime();
                WatchKey key = left > 0 ? watcher.poll(left, TimeUnit.NANOSECONDS) : null;
                if (key == null) {
                    return seen;
                }
                key.pollEvents();
                key.reset();
                seen = PcapngCount.packets(file);
            }
            return seen;
        } catch (IOException e) {
            LOG.debug("watching {}: {}", file, e.toString());
            return PcapngCount.packets(file);
        }
    }

    /** dumpcap's own count once it has stopped, e.g. {@code 12}; empty if it did not say. */
    Optional<Long> packets() {
        synchronized (lines) {
            return lines.stream().filter(line -> line.startsWith(COUNT))
                    .map(line -> Long.parseLong(line.substring(COUNT.length()).trim())).findFirst();
        }
    }

    /** Sends SIGINT, so dumpcap writes what it has and exits; kills it if it does not within a bound. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("dumpcap did not stop within {} s of SIGINT; killing it", STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            ended.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.warn("stopping dumpcap: {}", e.toString());
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void readStderr(Process process, List<String> lines, CompletableFuture<Void> ready,
            CompletableFuture<Void> ended) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (line.startsWith(READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            LOG.debug("reading dumpcap's stderr: {}", e.toString());
        } finally {
            ready.completeExceptionally(new IllegalStateException("dumpcap exited"));
            ended.complete(null);
        }
    }

    /** dumpcap's own reason, e.g. {@code You do not have permission to capture on device "lo".} */
    private static String firstLine(List<String> lines, String otherwise) {
        synchronized (lines) {
            return lines.stream().filter(line -> line.startsWith("dumpcap: "))
                    .map(line -> line.substring("dumpcap: ".length())).findFirst()
                    .or(() -> lines.stream().filter(line -> !line.isBlank() && !line.startsWith("Running as user")
                            && !line.startsWith("Capturing on")).findFirst())
                    .orElse(otherwise);
        }
    }
}
