package io.manometer.credentials;

import io.manometer.protocol.DeviceId;
import java.nio.file.Path;

/**
 * Where every credential lives inside a credentials folder. This is the file contract of DESIGN.md in one place;
 * nothing else builds credential paths.
 * <pre>
 * DIR/ca.crt  ca.key  server.crt  server.key  server.pub  observers.txt  revoked.txt
 *     devices/ID.crt  ID.key  ID.pub  ID.psk
 * </pre>
 */
public record CredentialsLayout(Path root) {

    public static final String PSK_SUFFIX = ".psk";
    public static final String PUBLIC_KEY_SUFFIX = ".pub";

    public Path caCertificate() {
        return root.resolve("ca.crt");
    }

    public Path caKey() {
        return root.resolve("ca.key");
    }

    public Path serverCertificate() {
        return root.resolve("server.crt");
    }

    public Path serverKey() {
        return root.resolve("server.key");
    }

    public Path serverPublicKey() {
        return root.resolve("server.pub");
    }

    /** The devices that may read every device's readings; optional, one device id per line. */
    public Path observers() {
        return root.resolve("observers.txt");
    }

    /** The deny list: devices whose credentials are revoked; optional, one device id per line. */
    public Path revoked() {
        return root.resolve("revoked.txt");
    }

    public Path devices() {
        return root.resolve("devices");
    }

    public Path deviceCertificate(DeviceId id) {
        return devices().resolve(id.value() + ".crt");
    }

    public Path deviceKey(DeviceId id) {
        return devices().resolve(id.value() + ".key");
    }

    public Path devicePublicKey(DeviceId id) {
        return devices().resolve(id.value() + PUBLIC_KEY_SUFFIX);
    }

    public Path devicePsk(DeviceId id) {
        return devices().resolve(id.value() + PSK_SUFFIX);
    }
}
