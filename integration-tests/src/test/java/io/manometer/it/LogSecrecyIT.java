package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.manometer.cli.Cli;
import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.cli.CredentialsMain;
import io.manometer.protocol.DeviceId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never reach a log, not even at DEBUG with Californium's own logging on: a full run (server jar, the device
 * jar in every mode, a revocation, a graceful restart) is captured, and every PSK (as text, hex and base64), every
 * private key's PEM body and the DTLS state key are searched for in everything the processes printed. Without
 * {@code --keylog} (and without {@code SSLKEYLOGFILE}) no key log may be written anywhere.
 */
class LogSecrecyIT {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String READY = "manometer server listening on ";
    /** System properties win over the jars' simplelogger.properties (which keep Californium at WARN). */
    private static final List<String> DEBUG_LOGGING = List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
            "-Dorg.slf4j.simpleLogger.log.org.eclipse.californium=debug", "-Dorg.slf4j.simpleLogger.showLogName=true",
            "-Dorg.slf4j.simpleLogger.showShortLogName=false", "-Dorg.slf4j.simpleLogger.logFile=System.out");
    private static final Map<String, String> MODES = Map.of("dev-1", "psk", "dev-2", "ecdhe-psk", "dev-3", "rpk",
            "dev-4", "x509");

    @TempDir
    Path dir;

    private final List<Path> outputs = new ArrayList<>();

    @Test
    void no_secret_appears_in_the_output_of_a_full_run_at_debug_level() throws Exception {
        CredentialsLayout layout = new CredentialsLayout(dir.resolve("credentials"));
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, MODES.keySet().stream().sorted().map(DeviceId::of).toList(), false);
        Map<String, String> secrets = secrets(layout);

        String uri;
        try (LoggedServer server = LoggedServer.start(serverCommand(layout), dir, dir.resolve("server-1.log"))) {
            outputs.add(server.log);
            uri = server.uri();
            for (String id : MODES.keySet().stream().sorted().toList()) {
                assertEquals(0, device(id, MODES.get(id), uri), "device " + id + " in " + MODES.get(id));
            }
            assertEquals(0, Cli.run("credentials", new CredentialsMain(), "revoke", "dev-3", "--dir",
                    layout.root().toString()));
            server.awaitLine(line -> line.contains("revoked dev-3: dropped 1 sessions"));
            assertNotEquals(0, device("dev-3", "rpk", uri), "a revoked device is refused");
            assertEquals(143, server.terminate());
        }
        secrets.putAll(stateKey(layout.root().resolve("dtls-state.key")));
        try (LoggedServer server = LoggedServer.start(serverCommand(layout), dir, dir.resolve("server-2.log"))) {
            outputs.add(server.log);
            server.awaitLine(line -> line.contains("restored "));
            assertEquals(0, device("dev-2", "ecdhe-psk", server.uri()));
            assertEquals(143, server.terminate());
        }

        String everything = everything();
        assertTrue(everything.contains("DEBUG org.eclipse.californium"), "Californium logged at DEBUG");
        assertTrue(everything.contains("DEBUG io.manometer"), "Manometer logged at DEBUG");
        secrets.forEach((what, secret) -> assertFalse(everything.contains(secret), what + " appears in the logs"));
        assertNoKeyLog();
    }

    private List<String> serverCommand(CredentialsLayout layout) {
        return java("manometer.server.jar", "--credentials", layout.root().toString(), "--bind", "127.0.0.1",
                "--port", "0", "--db", dir.resolve("readings.db").toString(), "--dtls-state",
                dir.resolve("dtls-state.bin").toString());
    }

    /** Runs the device jar for two readings; returns its exit code. */
    private int device(String id, String mode, String uri) throws IOException, InterruptedException {
        Path log = dir.resolve("device-" + outputs.size() + "-" + id + ".log");
        outputs.add(log);
        List<String> command = java("manometer.device.jar", "--credentials", dir.resolve("credentials").toString(),
                "--id", id, "--mode", mode, "--server", uri, "--count", "2", "--interval", "100ms");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("SSLKEYLOGFILE");
        Process process = builder.start();
        if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("device " + id + " did not finish within " + BOUND.toSeconds() + " s:\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    private static List<String> java(String jarProperty, String... args) {
        String jar = System.getProperty(jarProperty);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jarProperty + " not found (" + jar + "): run the tests with 'mvn verify'");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(DEBUG_LOGGING);
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        return command;
    }

    /** What must never be printed, by a label that is safe to print. */
    private static Map<String, String> secrets(CredentialsLayout layout) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(layout.devices())) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".psk")) {
                    byte[] psk = Files.readString(file, StandardCharsets.US_ASCII).strip()
                            .getBytes(StandardCharsets.US_ASCII);
                    secrets.put(name + " as text", new String(psk, StandardCharsets.US_ASCII));
                    secrets.put(name + " as hex", HexFormat.of().formatHex(psk));
                    secrets.put(name + " as HEX", HexFormat.of().withUpperCase().formatHex(psk));
                    secrets.put(name + " as base64", Base64.getEncoder().encodeToString(psk));
                } else if (name.endsWith(".key")) {
                    secrets.putAll(pemBody(file));
                }
            }
        }
        secrets.putAll(pemBody(layout.serverKey()));
        secrets.putAll(pemBody(layout.caKey()));
        return secrets;
    }

    /** Each full line of the base64 body, and the body in one piece (a log may print it unwrapped). */
    private static Map<String, String> pemBody(Path file) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        List<String> body = Files.readAllLines(file).stream().filter(line -> !line.startsWith("-----")).toList();
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).length() >= 16) {
                parts.put(file.getFileName() + " PEM line " + (i + 1), body.get(i));
            }
        }
        parts.put(file.getFileName() + " PEM body", String.join("", body));
        byte[] der = Base64.getDecoder().decode(String.join("", body));
        parts.put(file.getFileName() + " DER as hex", HexFormat.of().formatHex(der));
        return parts;
    }

    private static Map<String, String> stateKey(Path file) throws IOException {
        String line = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return Map.of("dtls-state.key", line, "dtls-state.key as hex",
                HexFormat.of().formatHex(Base64.getDecoder().decode(line)));
    }

    private String everything() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path output : outputs) {
            all.append(Files.readString(output, StandardCharsets.UTF_8)).append('\n');
        }
        return all.toString();
    }

    /** The processes ran in {@link #dir}; none may have written a key log there, nor this test's output to one. */
    private void assertNoKeyLog() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                assertFalse(new String(content, StandardCharsets.ISO_8859_1).contains("CLIENT_RANDOM "),
                        file + " holds TLS secrets although no key log was asked for");
            }
        }
    }

    /**
     * The server jar with everything it prints (logs included, through slf4j-simple's {@code logFile=System.out})
     * copied to a file, and a way to wait for a line: an event, never a sleep.
     */
    private static final class LoggedServer implements AutoCloseable {
        private final Process process;
        private final Path log;
        private Thread reader;
        private final List<String> lines = new ArrayList<>();
        private final Map<Predicate<String>, CompletableFuture<String>> waiting = new LinkedHashMap<>();

        private LoggedServer(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static LoggedServer start(List<String> command, Path dir, Path log) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().remove("SSLKEYLOGFILE");
            LoggedServer server = new LoggedServer(builder.start(), log);
            server.reader = new Thread(server::copyOutput, "it-logged-server");
            server.reader.setDaemon(true);
            server.reader.start();
            return server;
        }

        String uri() {
            return awaitLine(line -> line.startsWith(READY)).substring(READY.length()).split(" ")[0];
        }

        String awaitLine(Predicate<String> condition) {
            CompletableFuture<String> found = new CompletableFuture<>();
            synchronized (lines) {
                lines.stream().filter(condition).findFirst().ifPresentOrElse(found::complete,
                        () -> waiting.put(condition, found));
            }
            try {
                return found.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return fail("the server never printed the expected line: " + e + "\n" + String.join("\n", lines));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted");
            }
        }

        int terminate() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("server did not stop within " + BOUND.toSeconds() + " s");
            }
            // its last lines (the shutdown) are in the log file before anyone reads it
            reader.join(BOUND.toMillis());
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }

        private void copyOutput() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    synchronized (lines) {
                        lines.add(line);
                        String matched = line;
                        waiting.entrySet().removeIf(entry -> entry.getKey().test(matched)
                                && entry.getValue().complete(matched));
                    }
                }
            } catch (IOException e) {
                synchronized (lines) {
                    waiting.values().forEach(future -> future.completeExceptionally(e));
                }
            }
            synchronized (lines) {
                waiting.values().forEach(future -> future.completeExceptionally(new IOException("server exited")));
            }
        }
    }
}
