package io.manometer.credentials;

import io.manometer.credentials.CredentialIssuer.Authority;
import io.manometer.credentials.CredentialIssuer.Validity;
import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.californium.elements.util.SslContextUtil.Credentials;

/**
 * Creates a credentials folder (CA, server, devices), adds devices to it later and records which devices are
 * observers. It refuses to overwrite anything unless forced, because replacing a CA silently would lock every
 * provisioned device out. A fleet is issued on one thread per core, so 10,000 devices take seconds.
 */
public final class CredentialsProvisioner {

    public static final Duration CA_LIFETIME = Duration.ofDays(3650);
    public static final Duration LEAF_LIFETIME = Duration.ofDays(730);
    /** {@link Progress} hears about every this many devices. */
    public static final int PROGRESS_STEP = 1000;
    /** Certificates start a little in the past so that devices with a slightly slow clock accept them. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    /** Told how many of {@code total} devices are issued, every {@link #PROGRESS_STEP}, from a worker thread. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void issued(int done, int total);
    }

    private final CredentialIssuer issuer;
    private final PskGenerator pskGenerator;
    private final Clock clock;
    private final int threads;
    private final Progress progress;

    /** Issues devices on one thread per core and reports no progress. */
    public CredentialsProvisioner(CredentialIssuer issuer, PskGenerator pskGenerator, Clock clock) {
        this(issuer, pskGenerator, clock, Runtime.getRuntime().availableProcessors(), Progress.NONE);
    }

    private CredentialsProvisioner(CredentialIssuer issuer, PskGenerator pskGenerator, Clock clock, int threads,
            Progress progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.issuer = issuer;
        this.pskGenerator = pskGenerator;
        this.clock = clock;
        this.threads = threads;
        this.progress = progress;
    }

    /** The same provisioner issuing devices on {@code count} threads (1: in the calling thread, in order). */
    public CredentialsProvisioner withThreads(int count) {
        return new CredentialsProvisioner(issuer, pskGenerator, clock, count, progress);
    }

    public CredentialsProvisioner withProgress(Progress listener) {
        return new CredentialsProvisioner(issuer, pskGenerator, clock, threads, listener);
    }

    /** Creates CA, server and the given devices; returns the files written. */
    public List<Path> init(CredentialsLayout layout, List<DeviceId> devices, boolean force)
            throws CredentialsException {
        requireDistinct(devices);
        List<Path> targets = new ArrayList<>(List.of(layout.caCertificate(), layout.caKey(),
                layout.serverCertificate(), layout.serverKey(), layout.serverPublicKey()));
        devices.forEach(id -> targets.addAll(deviceFiles(layout, id)));
        if (!force) {
            refuseExisting(targets, existingFiles(layout), "--force replaces the CA and every credential issued by it");
        }
        try {
            if (force) {
                if (Files.isDirectory(layout.devices())) {
                    deleteDevices(layout);
                }
                // it names devices of the old folder; observers of the new one are granted with setObservers
                Files.deleteIfExists(layout.observers());
            }
            Authority ca = issuer.newAuthority("Manometer CA", validity(CA_LIFETIME));
            PemFiles.write(layout.caCertificate(), PemFiles.encodeCertificates(ca.certificate()), PemFiles.PUBLIC);
            writePrivateKey(layout.caKey(), ca.keys());
            KeyPair serverKeys = issuer.newKeyPair();
            X509Certificate server = issuer.issueServer(ca, serverKeys, "manometer-server", validity(LEAF_LIFETIME));
            PemFiles.write(layout.serverCertificate(), PemFiles.encodeCertificates(server, ca.certificate()),
                    PemFiles.PUBLIC);
            writePrivateKey(layout.serverKey(), serverKeys);
            writePublicKey(layout.serverPublicKey(), serverKeys);
            issueDevices(layout, ca, devices);
        } catch (IOException | GeneralSecurityException e) {
            throw new CredentialsException("cannot create credentials in " + layout.root() + ": " + e.getMessage(),
                    e);
        }
        return targets;
    }

    /** Issues one more device with the existing CA ({@code ca.key} must be present). */
    public List<Path> addDevice(CredentialsLayout layout, DeviceId id, boolean force) throws CredentialsException {
        List<Path> targets = deviceFiles(layout, id);
        if (!force) {
            refuseExisting(targets, existing(targets), "--force re-issues this device's credentials");
        }
        Authority ca = loadAuthority(layout);
        try {
            // an existing device is replaced, so each file goes through PemFiles' atomic replace
            writeDevice(layout, id, issuer.batch(ca, validity(LEAF_LIFETIME)).issue(id), PemFiles::write);
        } catch (IOException | GeneralSecurityException e) {
            throw new CredentialsException("cannot issue credentials for " + id + ": " + e.getMessage(), e);
        }
        return targets;
    }

    /**
     * Makes exactly {@code observers} the devices that may read every device's readings, replacing
     * {@code observers.txt} atomically. Each must already be registered, or the server would refuse to start.
     */
    public void setObservers(CredentialsLayout layout, Set<DeviceId> observers) throws CredentialsException {
        for (DeviceId id : observers) {
            if (!isRegistered(layout, id)) {
                throw new CredentialsException("cannot make '" + id + "' an observer: it is not a registered device"
                        + " (no " + layout.devicePsk(id) + " or " + layout.devicePublicKey(id) + ")");
            }
        }
        try {
            ObserversFile.write(layout.observers(), observers);
        } catch (IOException e) {
            throw new CredentialsException("cannot write " + layout.observers() + ": " + e.getMessage(), e);
        }
    }

    /** Adds one registered device to {@code observers.txt}, keeping the observers already listed. */
    public void addObserver(CredentialsLayout layout, DeviceId id) throws CredentialsException {
        Set<DeviceId> observers = new TreeSet<>(ObserversFile.read(layout.observers(),
                listed -> isRegistered(layout, listed)));
        observers.add(id);
        setObservers(layout, observers);
    }

    public static List<Path> deviceFiles(CredentialsLayout layout, DeviceId id) {
        return List.of(layout.deviceCertificate(id), layout.deviceKey(id), layout.devicePublicKey(id),
                layout.devicePsk(id));
    }

    /** Writes one file of a device; {@link PemFiles#write} or {@link FreshFiles#create}. */
    @FunctionalInterface
    private interface FileSink {
        void write(Path file, String text, Set<PosixFilePermission> permissions) throws IOException;
    }

    /**
     * Issues every device of a new folder in parallel. The folder holds none of them (checked, or emptied by
     * {@code --force}), so each file is simply created, with no temporary file, rename or fsync per file.
     */
    private void issueDevices(CredentialsLayout layout, Authority ca, List<DeviceId> devices)
            throws IOException, GeneralSecurityException, CredentialsException {
        Files.createDirectories(layout.devices());
        FreshFiles files = FreshFiles.in(layout.devices());
        DeviceBatch batch = issuer.batch(ca, validity(LEAF_LIFETIME));
        new Workers(threads, progress).forEach(devices, id -> "cannot issue credentials for " + id,
                id -> writeDevice(layout, id, batch.issue(id), files::create));
    }

    private void writeDevice(CredentialsLayout layout, DeviceId id, DeviceBatch.Issued issued, FileSink files)
            throws IOException {
        files.write(layout.deviceCertificate(id), issued.certificateChain(), PemFiles.PUBLIC);
        files.write(layout.deviceKey(id), issued.privateKey(), PemFiles.PRIVATE);
        files.write(layout.devicePublicKey(id), issued.publicKey(), PemFiles.PUBLIC);
        files.write(layout.devicePsk(id), PskFiles.text(pskGenerator.next()), PemFiles.PRIVATE);
    }

    private Authority loadAuthority(CredentialsLayout layout) throws CredentialsException {
        Credentials key = PemFiles.load(layout.caKey());
        X509Certificate[] certificates = PemFiles.loadCertificates(layout.caCertificate());
        if (key.getPrivateKey() == null) {
            throw new CredentialsException(layout.caKey() + " holds no private key");
        }
        X509Certificate ca = certificates[0];
        return new Authority(new KeyPair(ca.getPublicKey(), key.getPrivateKey()), ca);
    }

    private Validity validity(Duration lifetime) {
        Instant now = clock.instant();
        return new Validity(now.minus(BACKDATE), now.plus(lifetime));
    }

    /** The registry's rule: a device is registered when its {@code .psk} or its {@code .pub} exists. */
    private static boolean isRegistered(CredentialsLayout layout, DeviceId id) {
        return Files.exists(layout.devicePsk(id)) || Files.exists(layout.devicePublicKey(id));
    }

    private static void refuseExisting(List<Path> targets, Set<Path> existing, String hint)
            throws CredentialsException {
        for (Path target : targets) {
            if (existing.contains(target)) {
                throw new CredentialsException(target + " already exists; refusing to overwrite (" + hint + ")");
            }
        }
    }

    private static Set<Path> existing(List<Path> targets) {
        Set<Path> existing = new HashSet<>();
        targets.stream().filter(Files::exists).forEach(existing::add);
        return existing;
    }

    /** What the folder and its devices folder hold: two listings instead of a stat for each of 4 × N files. */
    private static Set<Path> existingFiles(CredentialsLayout layout) throws CredentialsException {
        Set<Path> existing = new HashSet<>();
        for (Path directory : List.of(layout.root(), layout.devices())) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                files.forEach(existing::add);
            } catch (IOException e) {
                throw new CredentialsException("cannot list " + directory + ": " + e.getMessage(), e);
            }
        }
        return existing;
    }

    private static void requireDistinct(List<DeviceId> devices) throws CredentialsException {
        Set<DeviceId> seen = new HashSet<>();
        for (DeviceId id : devices) {
            if (!seen.add(id)) {
                throw new CredentialsException("device '" + id + "' is listed twice");
            }
        }
    }

    private static void deleteDevices(CredentialsLayout layout) throws IOException {
        try (var files = Files.newDirectoryStream(layout.devices())) {
            for (Path file : files) {
                Files.delete(file);
            }
        }
    }

    private static void writePrivateKey(Path file, KeyPair keys) throws IOException {
        // PKCS#8, the "PRIVATE KEY" of RFC 7468 §10, with the public key inside so that GnuTLS reads it too
        PemFiles.write(file, PemFiles.encode("PRIVATE KEY", Pkcs8Keys.encode(keys)), PemFiles.PRIVATE);
    }

    private static void writePublicKey(Path file, KeyPair keys) throws IOException {
        PemFiles.write(file, PemFiles.encode("PUBLIC KEY", keys.getPublic().getEncoded()), PemFiles.PUBLIC);
    }
}
