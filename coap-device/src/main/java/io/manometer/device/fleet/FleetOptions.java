package io.manometer.device.fleet;

import io.manometer.credentials.dtls.CredentialMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one fleet run needs, immutable and validated, so the CLI, the bench and tests describe a run the same
 * way. Devices are {@code dev-<firstDevice>} .. {@code dev-<firstDevice + devices - 1>} from the credentials folder.
 *
 * @param rate readings per second over the whole fleet (open loop); 0 means closed loop
 * @param batch readings per POST; more than 1 sends one SenML pack of {@code batch} readings, which must fit one
 *     CoAP message (see {@link #maxBatch})
 * @param threads size of the executor shared by all device endpoints
 * @param closeSessions {@link Workload#SESSIONS} ends each session with a DTLS close_notify before destroying its
 *     endpoint, instead of leaving it to the server; for servers such as libcoap 4.3.1 that ignore a ClientHello
 *     from a port they still hold a session with (the kernel reuses ports)
 */
public record FleetOptions(Path credentials, URI server, CredentialMode mode, int devices, int firstDevice,
        Workload workload, double rate, Duration duration, int concurrency, int inFlight, int batch,
        int sessionsPerDevice, int threads, boolean closeSessions) {

    public static final URI DEFAULT_SERVER = URI.create("coaps://127.0.0.1:5684");
    public static final CredentialMode DEFAULT_MODE = CredentialMode.PSK;
    public static final int DEFAULT_DEVICES = 10;
    public static final int DEFAULT_FIRST_DEVICE = 1;
    public static final Workload DEFAULT_WORKLOAD = Workload.READINGS;
    public static final double DEFAULT_RATE = 0;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    public static final int DEFAULT_CONCURRENCY = 32;
    public static final int DEFAULT_IN_FLIGHT = 1;
    public static final int DEFAULT_BATCH = 1;
    public static final int DEFAULT_SESSIONS_PER_DEVICE = 1;
    public static final boolean DEFAULT_CLOSE_SESSIONS = false;

    public FleetOptions {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(duration, "duration");
        positive(devices, "devices");
        positive(firstDevice, "first device");
        positive(concurrency, "concurrency");
        positive(inFlight, "in-flight");
        positive(batch, "batch");
        positive(sessionsPerDevice, "sessions per device");
        positive(threads, "threads");
        if ((long) firstDevice + devices - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the last device number would exceed " + Integer.MAX_VALUE);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be 0 (closed loop) or a positive number, not " + rate);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, not " + duration);
        }
        if (!"coaps".equalsIgnoreCase(server.getScheme()) || server.getHost() == null) {
            throw new IllegalArgumentException("server must be a coaps://HOST[:PORT] URI, not " + server);
        }
        if (batch > 1 && batch > maxBatch(firstDevice, devices)) {
            throw new IllegalArgumentException("batch " + batch + " does not fit one CoAP message: at most "
                    + maxBatch(firstDevice, devices) + " readings per POST");
        }
    }

    /** The options as before {@code closeSessions} existed: sessions are left to the server. */
    public FleetOptions(Path credentials, URI server, CredentialMode mode, int devices, int firstDevice,
            Workload workload, double rate, Duration duration, int concurrency, int inFlight, int batch,
            int sessionsPerDevice, int threads) {
        this(credentials, server, mode, devices, firstDevice, workload, rate, duration, concurrency, inFlight, batch,
                sessionsPerDevice, threads, DEFAULT_CLOSE_SESSIONS);
    }

    /**
     * The most readings per POST for devices {@code dev-<firstDevice>} .. {@code dev-<firstDevice + devices - 1>}:
     * what one compact SenML pack of the longest id carries within the server's payload limit and pack size (64
     * for ids up to about 10 characters).
     */
    public static int maxBatch(int firstDevice, int devices) {
        long last = (long) firstDevice + devices - 1;
        return FleetDevice.maxBatch(FleetCredentials.id((int) Math.min(Integer.MAX_VALUE, Math.max(1, last))));
    }

    public static Builder builder(Path credentials) {
        return new Builder(credentials);
    }

    /** A builder starting from this run's options. */
    public Builder toBuilder() {
        return new Builder(credentials).server(server).mode(mode).devices(devices).firstDevice(firstDevice)
                .workload(workload).rate(rate).duration(duration).concurrency(concurrency).inFlight(inFlight)
                .batch(batch).sessionsPerDevice(sessionsPerDevice).threads(threads).closeSessions(closeSessions);
    }

    /** The server's UDP port: the URI's, or 5684 (RFC 7252 §6.2) when it names none. */
    public int serverPort() {
        return server.getPort() < 0 ? 5684 : server.getPort();
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }

    /** Defaults as in the constants above; threads default to the available processors. */
    public static final class Builder {
        private final Path credentials;
        private URI server = DEFAULT_SERVER;
        private CredentialMode mode = DEFAULT_MODE;
        private int devices = DEFAULT_DEVICES;
        private int firstDevice = DEFAULT_FIRST_DEVICE;
        private Workload workload = DEFAULT_WORKLOAD;
        private double rate = DEFAULT_RATE;
        private Duration duration = DEFAULT_DURATION;
        private int concurrency = DEFAULT_CONCURRENCY;
        private int inFlight = DEFAULT_IN_FLIGHT;
        private int batch = DEFAULT_BATCH;
        private int sessionsPerDevice = DEFAULT_SESSIONS_PER_DEVICE;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean closeSessions = DEFAULT_CLOSE_SESSIONS;

        private Builder(Path credentials) {
            this.credentials = credentials;
        }

        public Builder server(URI value) {
            this.server = value;
            return this;
        }

        public Builder mode(CredentialMode value) {
            this.mode = value;
            return this;
        }

        public Builder devices(int value) {
            this.devices = value;
            return this;
        }

        public Builder firstDevice(int value) {
            this.firstDevice = value;
            return this;
        }

        public Builder workload(Workload value) {
            this.workload = value;
            return this;
        }

        public Builder rate(double value) {
            this.rate = value;
            return this;
        }

        public Builder duration(Duration value) {
            this.duration = value;
            return this;
        }

        public Builder concurrency(int value) {
            this.concurrency = value;
            return this;
        }

        public Builder inFlight(int value) {
            this.inFlight = value;
            return this;
        }

        public Builder batch(int value) {
            this.batch = value;
            return this;
        }

        public Builder sessionsPerDevice(int value) {
            this.sessionsPerDevice = value;
            return this;
        }

        public Builder threads(int value) {
            this.threads = value;
            return this;
        }

        /** See {@link FleetOptions#closeSessions()}. */
        public Builder closeSessions(boolean value) {
            this.closeSessions = value;
            return this;
        }

        public FleetOptions build() {
            return new FleetOptions(credentials, server, mode, devices, firstDevice, workload, rate, duration,
                    concurrency, inFlight, batch, sessionsPerDevice, threads, closeSessions);
        }
    }
}
