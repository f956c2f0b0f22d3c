package io.manometer.device.fleet;

import io.manometer.credentials.CredentialsException;
import io.manometer.device.publish.DeviceConfig;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Runs many simulated devices from one JVM against one server: the load generator behind {@code ./manometer fleet}
 * and the bench. Each device has its own DTLS endpoint (own port, own identity); all share a few threads.
 */
public final class Fleet {

    private Fleet() {
    }

    /** Runs the whole workload and returns its summary; progress lines (about one per second) go to `progress`. */
    public static FleetResult run(FleetOptions options, Consumer<String> progress)
            throws IOException, CredentialsException, InterruptedException {
        return run(options, DeviceConfig.create(Optional.empty()), progress);
    }

    /**
     * Like {@link #run(FleetOptions, Consumer)} with the devices' Californium configuration given, e.g. from a
     * properties file or with the short timers of a test ({@code MANOMETER_DEVICE.FLEET_DRAIN_TIME} bounds the wait
     * for outcomes after each phase). Receiver and worker thread settings are overridden: the fleet shares its
     * threads.
     */
    public static FleetResult run(FleetOptions options, Configuration deviceConfiguration, Consumer<String> progress)
            throws IOException, CredentialsException, InterruptedException {
        return run(options, deviceConfiguration, progress, new FleetStop());
    }

    /**
     * Like {@link #run(FleetOptions, Configuration, Consumer)}, ending early when {@code stop} is requested: the
     * summary then covers the time that ran and says {@link FleetResult#interrupted()}.
     */
    public static FleetResult run(FleetOptions options, Configuration deviceConfiguration, Consumer<String> progress,
            FleetStop stop) throws IOException, CredentialsException, InterruptedException {
        return new FleetRun(options, deviceConfiguration, progress, stop).run();
    }
}
