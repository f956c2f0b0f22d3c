package io.manometer.credentials;

import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The devices a server accepts, read from {@code devices/*.psk} and {@code devices/*.pub}, and which of them are
 * observers ({@code observers.txt}). Every authenticated peer is mapped to a {@link DeviceId} through this registry,
 * whatever the credential mode; a peer it does not know is rejected in the handshake.
 * <p>
 * Revoked devices ({@code revoked.txt}) are left out when it loads, and {@link #revoke(Set)} revokes more while a
 * server runs: from then on every lookup a handshake or request makes ({@link #psk}, {@link #deviceForPublicKey},
 * {@link #contains}) answers as if the device did not exist.
 */
public final class DeviceRegistry {

    private final Map<DeviceId, byte[]> psks;
    private final Map<String, DeviceId> publicKeys;
    private final List<PublicKey> keyList;
    private final Set<DeviceId> devices;
    private final Set<DeviceId> observers;
    /** Replaced whole, never changed in place, so a handshake thread reads one consistent set without locking. */
    private final AtomicReference<Set<DeviceId>> revoked;

    private DeviceRegistry(Map<DeviceId, byte[]> psks, Map<PublicKey, DeviceId> publicKeys,
            Set<DeviceId> devices, Set<DeviceId> observers, Set<DeviceId> revoked) {
        this.psks = Map.copyOf(psks);
        Map<String, DeviceId> byEncoding = new HashMap<>();
        publicKeys.forEach((key, id) -> byEncoding.put(encoding(key), id));
        this.publicKeys = Map.copyOf(byEncoding);
        this.keyList = List.copyOf(publicKeys.keySet());
        this.devices = Collections.unmodifiableSet(devices);
        this.observers = Collections.unmodifiableSet(new TreeSet<>(observers));
        this.revoked = new AtomicReference<>(Set.copyOf(revoked));
    }

    /**
     * Reads {@code devices/*.psk} and {@code devices/*.pub} on one thread per core: parsing 100,000 public keys is
     * the slow part of a server start, and it parallelises.
     */
    public static DeviceRegistry load(CredentialsLayout layout) throws CredentialsException {
        RevocationList revocations = RevocationList.read(layout.revoked());
        List<Path> files = withoutRevoked(credentialFiles(layout), revocations);
        Map<DeviceId, byte[]> psks = new ConcurrentHashMap<>();
        Map<Path, PublicKey> keysByFile = new ConcurrentHashMap<>();
        Workers.perCore().forEach(files, file -> "cannot read " + file, file -> {
            if (file.getFileName().toString().endsWith(CredentialsLayout.PSK_SUFFIX)) {
                psks.put(idOf(file, CredentialsLayout.PSK_SUFFIX), PskFiles.read(file));
            } else {
                idOf(file, CredentialsLayout.PUBLIC_KEY_SUFFIX); // a bad name fails before its key is parsed
                keysByFile.put(file, PemFiles.loadPublicKey(file));
            }
        });
        Map<PublicKey, DeviceId> publicKeys = byKey(files, keysByFile);
        Set<DeviceId> registered = registered(psks, publicKeys);
        // a revoked observer may stay listed: it cannot connect, and revoking should not make the folder unloadable
        Set<DeviceId> observers = ObserversFile.read(layout.observers(),
                id -> registered.contains(id) || revocations.contains(id));
        return new DeviceRegistry(psks, publicKeys, registered, observers, revocations.devices());
    }

    /** Skips a revoked device's files before they are parsed; its keys are never held in memory. */
    private static List<Path> withoutRevoked(List<Path> files, RevocationList revocations) {
        if (revocations.isEmpty()) {
            return files;
        }
        Set<String> names = new HashSet<>();
        revocations.devices().forEach(id -> names.add(id.value()));
        files.removeIf(file -> {
            String name = file.getFileName().toString();
            return names.contains(name.substring(0, name.lastIndexOf('.')));
        });
        return files;
    }

    /** The {@code .psk} and {@code .pub} files, sorted by name. */
    private static List<Path> credentialFiles(CredentialsLayout layout) throws CredentialsException {
        if (!Files.isDirectory(layout.devices())) {
            throw new CredentialsException(layout.devices() + " not found: run ./manometer credentials init --dir "
                    + layout.root());
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(layout.devices())) {
            for (Path file : listing) {
                String name = file.getFileName().toString();
                if (name.endsWith(CredentialsLayout.PSK_SUFFIX) || name.endsWith(CredentialsLayout.PUBLIC_KEY_SUFFIX)) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            throw new CredentialsException("cannot list " + layout.devices() + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    /** Each key's device, in file-name order, so that a shared key is reported the same way every time. */
    private static Map<PublicKey, DeviceId> byKey(List<Path> files, Map<Path, PublicKey> keysByFile)
            throws CredentialsException {
        Map<PublicKey, DeviceId> publicKeys = new HashMap<>();
        for (Path file : files) {
            PublicKey key = keysByFile.get(file);
            if (key != null) {
                DeviceId id = idOf(file, CredentialsLayout.PUBLIC_KEY_SUFFIX);
                DeviceId previous = publicKeys.put(key, id);
                if (previous != null) {
                    throw new CredentialsException("devices " + previous + " and " + id
                            + " share one public key; each device needs its own key pair");
                }
            }
        }
        return publicKeys;
    }

    /** The devices the server accepts now: registered and not revoked. */
    public Set<DeviceId> devices() {
        Set<DeviceId> now = revoked.get();
        if (now.isEmpty()) {
            return devices;
        }
        Set<DeviceId> accepted = new TreeSet<>(devices);
        accepted.removeAll(now);
        return Collections.unmodifiableSet(accepted);
    }

    public boolean contains(DeviceId id) {
        return devices.contains(id) && !isRevoked(id);
    }

    /** Whether {@code id} is on the deny list, as loaded or revoked since. */
    public boolean isRevoked(DeviceId id) {
        return revoked.get().contains(id);
    }

    /** Every revoked device this registry knows of. */
    public Set<DeviceId> revoked() {
        return revoked.get();
    }

    /**
     * Revokes {@code ids} in this running registry: from now on they are refused in every lookup. Returns those that
     * were not revoked before (revoking is idempotent; a revocation is never taken back while the registry lives).
     */
    public Set<DeviceId> revoke(Set<DeviceId> ids) {
        Set<DeviceId> added = new TreeSet<>();
        revoked.updateAndGet(current -> {
            added.clear();
            Set<DeviceId> next = new HashSet<>(current);
            for (DeviceId id : ids) {
                if (next.add(id)) {
                    added.add(id);
                }
            }
            return Set.copyOf(next);
        });
        return Collections.unmodifiableSet(added);
    }

    /** The registered devices that may read every device's readings; every other device reads only its own. */
    public Set<DeviceId> observers() {
        return observers;
    }

    public boolean isObserver(DeviceId id) {
        return observers.contains(id);
    }

    /** The PSK of the device whose PSK identity is {@code identity}; a copy, so callers may wipe it. */
    public Optional<byte[]> psk(String identity) {
        if (!DeviceId.isValid(identity)) {
            return Optional.empty();
        }
        DeviceId id = DeviceId.of(identity);
        if (isRevoked(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(psks.get(id)).map(byte[]::clone);
    }

    /** Every registered raw public key. */
    public List<PublicKey> publicKeys() {
        return keyList;
    }

    /** The accepted device whose {@code .pub} is {@code key}; empty for unknown keys and revoked devices. */
    public Optional<DeviceId> deviceForPublicKey(PublicKey key) {
        return keyOwner(key).filter(id -> !isRevoked(id));
    }

    /** The device whose {@code .pub} is {@code key}, revoked or not: to find a revoked device's sessions. */
    public Optional<DeviceId> keyOwner(PublicKey key) {
        return Optional.ofNullable(publicKeys.get(encoding(key)));
    }

    private static Set<DeviceId> registered(Map<DeviceId, byte[]> psks, Map<PublicKey, DeviceId> publicKeys) {
        Set<DeviceId> all = new TreeSet<>(psks.keySet());
        all.addAll(publicKeys.values());
        return all;
    }

    /** Keys from files and keys from handshakes may be different classes; their SubjectPublicKeyInfo is not. */
    private static String encoding(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static DeviceId idOf(Path file, String suffix) throws CredentialsException {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - suffix.length());
        if (!DeviceId.isValid(id)) {
            throw new CredentialsException(file + ": '" + id + "' is not a valid device id");
        }
        return DeviceId.of(id);
    }
}
