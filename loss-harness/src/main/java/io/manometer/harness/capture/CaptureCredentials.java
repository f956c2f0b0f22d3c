package io.manometer.harness.capture;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.CredentialsProvisioner;
import io.manometer.credentials.PskGenerator;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials a capture runs on. A capture should need nothing prepared, so unless the user names a folder it
 * makes one next to the capture, exactly as {@code manometer credentials init} would, and reuses it next time.
 */
final class CaptureCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureCredentials.class);

    /** A step that reads or writes credentials; its failure becomes the capture's one-line error. */
    interface Step<T> {
        T get() throws CredentialsException;
    }

    private CaptureCredentials() {
    }

    /**
     * The given folder as it is, or {@code out/credentials}: made for the device when missing, reused when present,
     * with the device added to it if an earlier capture was made for another one.
     */
    static CredentialsLayout prepare(CaptureSettings settings) throws CaptureException {
        CredentialsLayout layout = new CredentialsLayout(settings.credentialsFolder());
        if (settings.credentials().isPresent()) {
            return layout;
        }
        CredentialsProvisioner provisioner = new CredentialsProvisioner(new CredentialIssuer(new SecureRandom()),
                new PskGenerator(new SecureRandom()), Clock.systemUTC());
        if (!Files.exists(layout.caCertificate())) {
            load(() -> provisioner.init(layout, List.of(settings.device()), false));
            LOG.info("created credentials for {} in {}", settings.device(), layout.root());
        } else if (!Files.exists(layout.devicePsk(settings.device()))) {
            load(() -> provisioner.addDevice(layout, settings.device(), false));
            LOG.info("added {} to the credentials in {}", settings.device(), layout.root());
        }
        return layout;
    }

    static <T> T load(Step<T> step) throws CaptureException {
        try {
            return step.get();
        } catch (CredentialsException e) {
            throw new CaptureException(e.getMessage(), e);
        }
    }
}
