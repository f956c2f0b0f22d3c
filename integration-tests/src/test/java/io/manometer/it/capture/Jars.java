package io.manometer.it.capture;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real server and device jars as child processes with a chosen environment, because {@code SSLKEYLOGFILE} is
 * read by their command lines and nowhere else. The server is ready when it prints its startup line (an event);
 * every wait is bounded.
 */
final class Jars {

    private static final String READY = "manometer server listening on ";
    private static final Duration BOUND = Duration.ofSeconds(60);

    /** A running server jar; {@link #close()} stops it with SIGTERM. */
    static final class Server implements AutoCloseable {
        private final Process process;
        private final URI uri;

        private Server(Process process, URI uri) {
            this.process = process;
            this.uri = uri;
        }

        URI uri() {
            return uri;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private Jars() {
    }

    /** Starts the server jar on 127.0.0.1, a free port, with {@code environment} added to this JVM's. */
    static Server server(Path dir, Path credentials, Map<String, String> environment, String... extra)
            throws IOException, InterruptedException {
        List<String> command = java("manometer.server.jar");
        command.addAll(List.of("--credentials", credentials.toString(), "--bind", "127.0.0.1", "--port", "0",
                "--db", dir.resolve("readings.db").toString(), "--dtls-state-max-age", "0"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("server.log").toFile());
        builder.environment().remove("SSLKEYLOGFILE");
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStartup(process, ready), "it-capture-server-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            String line = ready.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return new Server(process, URI.create(line.split(" ")[0]));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            return fail("server did not start: " + e + "\n" + Files.readString(dir.resolve("server.log")));
        }
    }

    /** Runs the device jar to its end with {@code environment} added; returns its exit code. */
    static int device(Path log, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = java("manometer.device.jar");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("SSLKEYLOGFILE");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("device did not finish within " + BOUND.toSeconds() + " s:\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    private static List<String> java(String jarProperty) {
        String jar = System.getProperty(jarProperty);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jarProperty + " not found (" + jar + "): run the tests with 'mvn verify'");
        }
        return new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar));
    }

    private static void readStartup(Process process, CompletableFuture<String> ready) {
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
