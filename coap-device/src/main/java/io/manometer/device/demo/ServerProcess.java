package io.manometer.device.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real server jar, run as a child process the way a user runs it. The demo waits for the server's startup
 * line (an event, not a sleep) to learn the port it bound, and stops it with SIGTERM like Ctrl-C would.
 */
final class ServerProcess implements AutoCloseable {

    static final String READY_PREFIX = "manometer server listening on ";

    private final Process process;
    private final CompletableFuture<String> uri = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
    }

    /** Starts the server with its database and saved state in {@code scratch}, its stderr in {@code log}. */
    static ServerProcess start(Path serverJar, Path credentials, Path scratch, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-jar", serverJar.toString(), "--credentials",
                credentials.toString(), "--bind", "127.0.0.1", "--port", "0",
                "--db", scratch.resolve("readings.db").toString(),
                "--dtls-state", scratch.resolve("dtls-state.bin").toString()))
                .redirectError(log.toFile())
                .start();
        ServerProcess server = new ServerProcess(process);
        Thread reader = new Thread(server::readStdout, "demo-server-stdout");
        reader.setDaemon(true);
        reader.start();
        return server;
    }

    /** Blocks until the server printed its startup line; fails if it exits or stays silent. */
    String awaitUri(Duration timeout) throws IOException, InterruptedException {
        try {
            return uri.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("server did not start within " + timeout.toSeconds() + " s");
        }
    }

    /** Sends SIGTERM and waits for a clean exit; returns the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(READY_PREFIX)) {
                    uri.complete(line.substring(READY_PREFIX.length()).split(" ")[0]);
                }
            }
            uri.completeExceptionally(new IOException("server exited with code " + process.waitFor()));
        } catch (IOException e) {
            uri.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            uri.completeExceptionally(e);
        }
    }
}
