package io.manometer.credentials;

import io.manometer.protocol.DeviceId;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/** A credentials folder provisioned the way {@code credentials init} does it, for tests that need real files. */
public final class TestCredentials {

    /** Whole seconds, because X.509 validity dates have no finer resolution. */
    public static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private TestCredentials() {
    }

    public static CredentialsProvisioner provisioner() {
        SecureRandom random = new SecureRandom();
        return new CredentialsProvisioner(new CredentialIssuer(random), new PskGenerator(random),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public static CredentialsLayout provision(Path root, String... devices) throws CredentialsException {
        CredentialsLayout layout = new CredentialsLayout(root);
        provisioner().init(layout, ids(devices), false);
        return layout;
    }

    public static List<DeviceId> ids(String... devices) {
        return Arrays.stream(devices).map(DeviceId::of).toList();
    }
}
