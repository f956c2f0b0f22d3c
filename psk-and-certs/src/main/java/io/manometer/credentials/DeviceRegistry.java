package io.manometer.credentials;

import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The devices a server accepts, read from {@code devices/*.psk} and {@code devices/*.pub}, and which of them are
 * observers ({@code observers.txt}). Every authenticated peer is mapped to a {@link DeviceId} through this registry,
 * whatever the credential mode; a peer it does not know is rejected in the handshake.
 */
public final class DeviceRegistry {

    private final Map<DeviceId, byte[]> psks;
    private final Map<String, DeviceId> publicKeys;
    private final List<PublicKey> keyList;
    private final Set<DeviceId> devices;
    private final Set<DeviceId> observers;

    private DeviceRegistry(Map<DeviceId, byte[]> psks, Map<PublicKey, DeviceId> publicKeys,
            Set<DeviceId> observers) {
        this.psks = Map.copyOf(psks);
        Map<String, DeviceId> byEncoding = new HashMap<>();
        publicKeys.forEach((key, id) -> byEncoding.put(encoding(key), id));
        this.publicKeys = Map.copyOf(byEncoding);
        this.keyList = List.copyOf(publicKeys.keySet());
        this.devices = Collections.unmodifiableSet(registered(psks, publicKeys));
        this.observers = Collections.unmodifiableSet(new TreeSet<>(observers));
    }

    public static DeviceRegistry load(CredentialsLayout layout) throws CredentialsException {
        Map<DeviceId, byte[]> psks = new HashMap<>();
        Map<PublicKey, DeviceId> publicKeys = new HashMap<>();
        if (!Files.isDirectory(layout.devices())) {
            throw new CredentialsException(layout.devices() + " not found: run ./manometer credentials init --dir "
                    + layout.root());
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.devices())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(CredentialsLayout.PSK_SUFFIX)) {
                    psks.put(idOf(file, CredentialsLayout.PSK_SUFFIX), PskFiles.read(file));
                } else if (name.endsWith(CredentialsLayout.PUBLIC_KEY_SUFFIX)) {
                    DeviceId id = idOf(file, CredentialsLayout.PUBLIC_KEY_SUFFIX);
                    DeviceId previous = publicKeys.put(PemFiles.loadPublicKey(file), id);
                    if (previous != null) {
                        throw new CredentialsException("devices " + previous + " and " + id
                                + " share one public key; each device needs its own key pair");
                    }
                }
            }
        } catch (IOException e) {
            throw new CredentialsException("cannot list " + layout.devices() + ": " + e.getMessage(), e);
        }
        Set<DeviceId> observers = ObserversFile.read(layout.observers(), registered(psks, publicKeys)::contains);
        return new DeviceRegistry(psks, publicKeys, observers);
    }

    public Set<DeviceId> devices() {
        return devices;
    }

    public boolean contains(DeviceId id) {
        return devices.contains(id);
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
        return Optional.ofNullable(psks.get(DeviceId.of(identity))).map(byte[]::clone);
    }

    /** Every registered raw public key. */
    public List<PublicKey> publicKeys() {
        return keyList;
    }

    public Optional<DeviceId> deviceForPublicKey(PublicKey key) {
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
