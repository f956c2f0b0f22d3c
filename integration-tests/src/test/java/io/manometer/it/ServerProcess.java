package io.manometer.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real {@code coap-server.jar} as a child process, for what only a process can show: SIGTERM and a graceful
 * restart, {@code kill -9} in the middle of a burst. The test waits for the startup line (an event), never sleeps.
 */
final class ServerProcess implements AutoCloseable {

    private static final String READY = "manometer server listening on ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the server jar with {@code args} and waits until it listens. */
    static ServerProcess start(Path log, String... args) {
        String jar = System.getProperty("manometer.server.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("server jar not found (" + jar + "): run the tests with 'mvn verify'");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar));
        command.addAll(List.of(args));
        ServerProcess server;
        try {
            server = new ServerProcess(new ProcessBuilder(command).redirectError(log.toFile()).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(server::readStdout, "it-server-stdout");
        reader.setDaemon(true);
        reader.start();
        server.awaitReady();
        return server;
    }

    /** The startup line after its prefix: {@code coaps://… modes=… … restored-sessions=N …}. */
    String startupLine() {
        return ready.join();
    }

    URI uri() {
        return URI.create(startupLine().split(" ")[0]);
    }

    int port() {
        return uri().getPort();
    }

    /** A {@code key=value} field of the startup line. */
    String field(String key) {
        for (String part : startupLine().split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key + " in startup line: " + startupLine());
    }

    /** SIGTERM, like Ctrl-C or systemd; returns the exit code (143 after a clean shutdown). */
    int terminate() {
        process.destroy();
        return awaitExit();
    }

    /** SIGKILL: the process gets no chance to flush, save or close anything. */
    int kill() {
        process.destroyForcibly();
        return awaitExit();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitReady() {
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("server did not start: " + e.getMessage() + "\n" + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server did not exit within 30 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(READY)) {
                    ready.complete(line.substring(READY.length()));
                }
            }
            ready.completeExceptionally(new IOException("server exited with code " + process.waitFor()));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready.completeExceptionally(e);
        }
    }
}
