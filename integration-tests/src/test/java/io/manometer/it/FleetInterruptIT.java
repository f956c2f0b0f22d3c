package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.manometer.server.endpoint.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ctrl-C on {@code ./manometer fleet}: the real device jar as a process against a server on loopback, signalled in
 * its readings phase (once its progress line says so, never after a sleep). It stops long before its --duration,
 * prints the summary of the time that ran, marked as interrupted, and exits with 130. The tests send SIGTERM, which
 * runs the same shutdown hook as Ctrl-C's SIGINT but is never ignored by a non-interactive parent shell.
 */
class FleetInterruptIT {

    private static final String[] DEVICES = {"dev-1", "dev-2", "dev-3"};
    /** Far longer than the test may take: a summary that covers less proves the signal ended the run. */
    private static final int DURATION_SECONDS = 300;
    private static final Duration BOUND = Duration.ofSeconds(90);
    /** A once-a-second progress line of the measured phase: {@code "   2.0s readings   handshakes 3 ..."}. */
    private static final Pattern READINGS_PROGRESS = Pattern.compile("\\s*[0-9.]+s readings .*");
    private static final Pattern ACKNOWLEDGED = Pattern.compile("readings\\s+([0-9]+) acknowledged in ([0-9.]+) s");

    @RegisterExtension
    final ServerOnLoopback server = new ServerOnLoopback(DEVICES).withConfiguration(ServerConfig::withoutRequestRate);

    @Test
    void an_interrupt_prints_the_summary_of_the_time_that_ran_marked_interrupted_and_exits_130() throws Exception {
        try (FleetProcess fleet = FleetProcess.start(server, false)) {
            // SIGTERM, which takes the same path as Ctrl-C's SIGINT (the JVM's shutdown hooks): a shell that starts
            // a job in the background without job control makes it ignore SIGINT, and CI may run the tests so
            interruptInItsReadingsPhase(fleet, "TERM");

            String summary = fleet.stdout();
            Matcher readings = ACKNOWLEDGED.matcher(summary);
            assertTrue(readings.find(), summary);
            assertTrue(Long.parseLong(readings.group(1)) > 0, summary);
            assertTrue(Double.parseDouble(readings.group(2)) < DURATION_SECONDS, summary);
            assertTrue(summary.lines().anyMatch(line -> line.startsWith("interrupted ")), summary);
            assertTrue(fleet.stderr().stream().anyMatch(line -> line.startsWith("fleet: interrupted:")),
                    fleet::describe);
        }
    }

    @Test
    void sigterm_with_json_prints_one_object_marked_interrupted_and_exits_130() throws Exception {
        try (FleetProcess fleet = FleetProcess.start(server, true)) {
            interruptInItsReadingsPhase(fleet, "TERM");

            String json = fleet.stdout().strip();
            assertEquals(1, json.lines().count(), json);
            assertTrue(json.startsWith("{\"workload\":\"readings\",\"mode\":\"psk\",\"devices\":3,"), json);
            assertTrue(json.endsWith(",\"interrupted\":true}"), json);
            Matcher acknowledged = Pattern.compile("\"readings_acknowledged\":([0-9]+),").matcher(json);
            assertTrue(acknowledged.find() && Long.parseLong(acknowledged.group(1)) > 0, json);
            // every reading the fleet counts as acknowledged, the server stored
            assertTrue(server.store().count() >= Long.parseLong(acknowledged.group(1)), json);
        }
    }

    /** Sends {@code signal} once readings are under way; the fleet must then exit with 130. */
    private static void interruptInItsReadingsPhase(FleetProcess fleet, String signal) throws Exception {
        fleet.awaitProgress(line -> READINGS_PROGRESS.matcher(line).matches());

        fleet.signal(signal);

        assertEquals(130, fleet.exitCode(), fleet::describe);
    }

    /** The fleet as a child process: stderr read line by line as it comes, stdout collected until it exits. */
    private static final class FleetProcess implements AutoCloseable {
        private final Process process;
        private final List<String> stderr = new CopyOnWriteArrayList<>();
        private final List<Watch> watches = new CopyOnWriteArrayList<>();
        private final CompletableFuture<String> stdout = new CompletableFuture<>();

        private record Watch(Predicate<String> condition, CompletableFuture<String> seen) {
        }

        private FleetProcess(Process process) {
            this.process = process;
        }

        static FleetProcess start(ServerOnLoopback server, boolean json) throws IOException {
            String jar = System.getProperty("manometer.device.jar");
            if (jar == null || !Files.isRegularFile(Path.of(jar))) {
                throw new IllegalStateException("device jar not found (" + jar + "): run the tests with 'mvn verify'");
            }
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m", "-cp", jar, "io.manometer.device.fleet.FleetMain",
                    "--credentials", server.layout().root().toString(), "--server", server.uri().toString(),
                    "--devices", Integer.toString(DEVICES.length), "--mode", "psk", "--threads", "2",
                    "--duration", DURATION_SECONDS + "s"));
            if (json) {
                command.add("--json");
            }
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().remove("SSLKEYLOGFILE");
            FleetProcess fleet = new FleetProcess(builder.start());
            fleet.read("it-fleet-stderr", fleet.process.getErrorStream(), fleet::stderrLine, () -> { });
            StringBuilder out = new StringBuilder();
            fleet.read("it-fleet-stdout", fleet.process.getInputStream(), line -> out.append(line).append('\n'),
                    () -> fleet.stdout.complete(out.toString()));
            return fleet;
        }

        /** Waits for the first stderr line (already read or still to come) that satisfies {@code condition}. */
        String awaitProgress(Predicate<String> condition) throws InterruptedException {
            Watch watch = new Watch(condition, new CompletableFuture<>());
            watches.add(watch);
            stderr.stream().filter(condition).findFirst().ifPresent(watch.seen()::complete);
            try {
                return watch.seen().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return fail("no such progress line within " + BOUND.toSeconds() + " s: " + e + "\n" + describe());
            }
        }

        /** {@code kill -INT} or {@code -TERM}; Process.destroy() could only send SIGTERM. */
        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                fail("kill -" + name + " " + process.pid() + " failed");
            }
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("the fleet did not exit within " + BOUND.toSeconds() + " s of the signal\n" + describe());
            }
            return process.exitValue();
        }

        /** Everything it printed on stdout, once it has exited. */
        String stdout() throws InterruptedException, ExecutionException, TimeoutException {
            return stdout.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<String> stderr() {
            return stderr;
        }

        String describe() {
            return "stderr:\n" + String.join("\n", stderr) + "\nstdout:\n" + stdout.getNow("(not finished)");
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void stderrLine(String line) {
            stderr.add(line);
            watches.stream().filter(w -> w.condition().test(line)).forEach(w -> w.seen().complete(line));
        }

        private void read(String name, InputStream stream, Consumer<String> lines, Runnable end) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.accept(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    end.run();
                }
            }, name);
            reader.setDaemon(true);
            reader.start();
        }
    }
}
