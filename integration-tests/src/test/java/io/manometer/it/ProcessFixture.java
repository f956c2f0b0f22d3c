package io.manometer.it;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.credentials.dtls.DeviceDtls;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.elements.config.Configuration;

/**
 * A credentials folder, database and state file in a test's temporary folder, server processes started on them, and
 * devices (in the test's JVM) that talk to those processes; everything is stopped by {@link #close()}.
 */
final class ProcessFixture implements AutoCloseable {

    private final Path dir;
    private final CredentialsLayout layout;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private int serverRuns;

    ProcessFixture(Path dir, String... devices) throws CredentialsException {
        this.dir = dir;
        this.layout = new CredentialsLayout(dir.resolve("credentials"));
        new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()), new PskGenerator(new SecureRandom()),
                Clock.systemUTC()).init(layout, List.of(devices).stream().map(DeviceId::of).toList(), false);
    }

    Path database() {
        return dir.resolve("readings.db");
    }

    Path dtlsState() {
        return dir.resolve("dtls-state.bin");
    }

    Path serverKeyLog() {
        return dir.resolve("server-keys.log");
    }

    /** Starts the server jar on this fixture's files; {@code port} 0 picks a free one. */
    ServerProcess startServer(int port, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--credentials", layout.root().toString(), "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--db", database().toString(), "--dtls-state",
                dtlsState().toString(), "--keylog", serverKeyLog().toString()));
        args.addAll(List.of(extraArgs));
        ServerProcess server = ServerProcess.start(dir.resolve("server-" + ++serverRuns + ".log"),
                args.toArray(String[]::new));
        started.push(server);
        return server;
    }

    /** A started publisher for a registered device, with the given timers. */
    ReadingPublisher device(String id, CredentialMode mode, URI server, Configuration timers) {
        try {
            ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(server, mode,
                    Optional.empty(), Optional.empty(), timers), DeviceDtls.loadCredentials(layout, DeviceId.of(id),
                    mode));
            started.push(publisher);
            publisher.start();
            return publisher;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CredentialsException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        IllegalStateException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot stop everything the test started", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
