package io.manometer.harness.capture;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.link.Impairment;
import io.manometer.harness.link.LinkConfig;
import io.manometer.protocol.DeviceId;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * What one capture does: which mode, where the files go, how many readings, against which server and through which
 * impairment. Immutable; build with {@link #builder(CredentialMode, Path)}, whose defaults are what
 * {@code manometer capture} does without options.
 *
 * @param mode the device's credential mode
 * @param out the folder for {@code capture.pcap}, {@code keys.log}, {@code loopback.pcapng} and, unless
 *        {@code credentials} is given, {@code credentials/}
 * @param readings how many readings the device POSTs, one after the other
 * @param device the device id (PSK identity, certificate CN)
 * @param credentials an existing credentials folder; empty = {@code out/credentials}, created when missing
 * @param server a running server to capture instead of an in-process one; its key log then comes from the device
 * @param cipherSuite the one suite the device offers; empty = {@link SuiteChoice}'s decryptable default
 * @param impairment what the link does in each direction (each with its own random stream)
 * @param seed the link's seed
 * @param loopback whether to run {@code dumpcap -i lo} as well
 * @param timers the protocol timers of server and device
 * @param replace whether existing capture files in {@code out} may be replaced
 */
public record CaptureSettings(CredentialMode mode, Path out, int readings, DeviceId device, Optional<Path> credentials,
        Optional<URI> server, Optional<CipherSuite> cipherSuite, Impairment impairment, long seed, Loopback loopback,
        CaptureTimers timers, boolean replace) {

    public static final int DEFAULT_READINGS = 3;
    public static final int MAX_READINGS = 10_000;
    public static final DeviceId DEFAULT_DEVICE = DeviceId.of("dev-1");

    /** Whether to capture on the loopback interface with {@code dumpcap} too. */
    public enum Loopback {
        /** Try when {@code dumpcap} is on the PATH; say so in one line and go on if it cannot capture. */
        AUTO,
        /** Try, and say so in one line if it cannot capture; the link's capture is written either way. */
        ON,
        /** Do not run {@code dumpcap}. */
        OFF
    }

    public CaptureSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(impairment, "impairment");
        Objects.requireNonNull(loopback, "loopback");
        Objects.requireNonNull(timers, "timers");
        if (readings < 1 || readings > MAX_READINGS) {
            throw new IllegalArgumentException("readings must be 1.." + MAX_READINGS + ", got " + readings);
        }
        if (server.isPresent() && credentials.isEmpty()) {
            throw new IllegalArgumentException("capturing a running server needs the credentials folder it uses");
        }
        server.ifPresent(uri -> {
            if (!"coaps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("the server must be a coaps:// URI such as coaps://127.0.0.1:5684,"
                        + " got " + uri);
            }
        });
    }

    public static Builder builder(CredentialMode mode, Path out) {
        return new Builder(mode, out);
    }

    public Path captureFile() {
        return out.resolve("capture.pcap");
    }

    public Path keyLogFile() {
        return out.resolve("keys.log");
    }

    public Path loopbackFile() {
        return out.resolve("loopback.pcapng");
    }

    /** The credentials folder the capture uses. */
    public Path credentialsFolder() {
        return credentials.orElse(out.resolve("credentials"));
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private final CredentialMode mode;
        private final Path out;
        private int readings = DEFAULT_READINGS;
        private DeviceId device = DEFAULT_DEVICE;
        private Optional<Path> credentials = Optional.empty();
        private Optional<URI> server = Optional.empty();
        private Optional<CipherSuite> cipherSuite = Optional.empty();
        private Impairment impairment = Impairment.NONE;
        private long seed = LinkConfig.DEFAULT_SEED;
        private Loopback loopback = Loopback.AUTO;
        private CaptureTimers timers = CaptureTimers.RFC;
        private boolean replace;

        private Builder(CredentialMode mode, Path out) {
            this.mode = mode;
            this.out = out;
        }

        public Builder readings(int count) {
            this.readings = count;
            return this;
        }

        public Builder device(DeviceId id) {
            this.device = id;
            return this;
        }

        public Builder credentials(Path folder) {
            this.credentials = Optional.of(folder);
            return this;
        }

        public Builder server(URI uri) {
            this.server = Optional.of(uri);
            return this;
        }

        public Builder cipherSuite(CipherSuite suite) {
            this.cipherSuite = Optional.of(suite);
            return this;
        }

        public Builder impairment(Impairment both) {
            this.impairment = both;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder loopback(Loopback choice) {
            this.loopback = choice;
            return this;
        }

        public Builder timers(CaptureTimers choice) {
            this.timers = choice;
            return this;
        }

        public Builder replace(boolean allowed) {
            this.replace = allowed;
            return this;
        }

        public CaptureSettings build() {
            return new CaptureSettings(mode, out, readings, device, credentials, server, cipherSuite, impairment,
                    seed, loopback, timers, replace);
        }
    }
}
