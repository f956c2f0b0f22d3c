package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRegistryTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final DeviceId DEV_2 = DeviceId.of("dev-2");

    @TempDir
    Path root;

    private CredentialsLayout layout;
    private DeviceRegistry registry;

    @BeforeEach
    void provision() throws Exception {
        layout = TestCredentials.provision(root, "dev-1", "dev-2");
        registry = DeviceRegistry.load(layout);
    }

    @Test
    void load_registers_every_provisioned_device() {
        assertEquals(Set.of(DEV_1, DEV_2), registry.devices());
        assertTrue(registry.contains(DEV_1));
        assertEquals(2, registry.publicKeys().size());
    }

    @Test
    void psk_of_a_known_identity_is_the_key_from_its_file() throws Exception {
        assertArrayEquals(PskFiles.read(layout.devicePsk(DEV_1)), registry.psk("dev-1").orElseThrow());
        assertArrayEquals(PskFiles.read(layout.devicePsk(DEV_2)), registry.psk("dev-2").orElseThrow());
    }

    @Test
    void psk_of_an_unknown_or_malformed_identity_is_empty() {
        assertEquals(Optional.empty(), registry.psk("dev-3"));
        assertEquals(Optional.empty(), registry.psk(""));
        assertEquals(Optional.empty(), registry.psk("../dev-1"));
        assertEquals(Optional.empty(), registry.psk("DEV-1"));
    }

    @Test
    void psk_returns_a_copy_the_caller_may_wipe() {
        byte[] key = registry.psk("dev-1").orElseThrow();
        Arrays.fill(key, (byte) 0);

        assertTrue(registry.psk("dev-1").orElseThrow()[0] != 0);
    }

    @Test
    void device_for_public_key_maps_each_pub_file_to_its_device() throws Exception {
        assertEquals(Optional.of(DEV_1),
                registry.deviceForPublicKey(PemFiles.loadPublicKey(layout.devicePublicKey(DEV_1))));
        assertEquals(Optional.of(DEV_2),
                registry.deviceForPublicKey(PemFiles.loadPublicKey(layout.devicePublicKey(DEV_2))));
    }

    @Test
    void device_for_public_key_accepts_the_same_key_taken_from_the_certificate() throws Exception {
        assertEquals(Optional.of(DEV_2), registry.deviceForPublicKey(
                PemFiles.loadCertificates(layout.deviceCertificate(DEV_2))[0].getPublicKey()));
    }

    @Test
    void unknown_public_keys_map_to_no_device() throws Exception {
        KeyPair stranger = new CredentialIssuer(new SecureRandom()).newKeyPair();

        assertEquals(Optional.empty(), registry.deviceForPublicKey(stranger.getPublic()));
        assertEquals(Optional.empty(), registry.deviceForPublicKey(PemFiles.loadPublicKey(layout.serverPublicKey())));
    }

    @Test
    void a_missing_devices_folder_is_named_in_the_error(@TempDir Path empty) {
        CredentialsLayout nothing = new CredentialsLayout(empty);

        CredentialsException e = assertThrows(CredentialsException.class, () -> DeviceRegistry.load(nothing));

        assertTrue(e.getMessage().contains(nothing.devices().toString()), e.getMessage());
    }

    @Test
    void an_unreadable_psk_file_is_named_in_the_error() throws Exception {
        Files.writeString(layout.devicePsk(DEV_2), "short\n");

        CredentialsException e = assertThrows(CredentialsException.class, () -> DeviceRegistry.load(layout));

        assertTrue(e.getMessage().contains(layout.devicePsk(DEV_2).toString()), e.getMessage());
    }

    @Test
    void a_file_named_with_an_invalid_device_id_is_named_in_the_error() throws Exception {
        Path file = layout.devices().resolve("-bad.psk");
        Files.copy(layout.devicePsk(DEV_1), file);

        CredentialsException e = assertThrows(CredentialsException.class, () -> DeviceRegistry.load(layout));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void two_devices_sharing_one_public_key_are_refused() throws Exception {
        Files.copy(layout.devicePublicKey(DEV_1), layout.devices().resolve("dev-3.pub"));

        CredentialsException e = assertThrows(CredentialsException.class, () -> DeviceRegistry.load(layout));

        assertTrue(e.getMessage().contains("dev-1") && e.getMessage().contains("dev-3"), e.getMessage());
    }

    @Test
    void a_device_with_only_a_psk_is_registered_without_a_public_key() throws Exception {
        Files.delete(layout.devicePublicKey(DEV_2));

        DeviceRegistry pskOnly = DeviceRegistry.load(layout);

        assertEquals(Set.of(DEV_1, DEV_2), pskOnly.devices());
        assertEquals(1, pskOnly.publicKeys().size());
        assertTrue(pskOnly.psk("dev-2").isPresent());
        assertEquals(Optional.empty(), pskOnly.deviceForPublicKey(
                PemFiles.loadCertificates(layout.deviceCertificate(DEV_2))[0].getPublicKey()));
    }

    @Test
    void a_missing_observers_file_means_no_observers() {
        assertFalse(Files.exists(layout.observers()));
        assertEquals(Set.of(), registry.observers());
        assertFalse(registry.isObserver(DEV_1));
    }

    @Test
    void observers_listed_in_observers_txt_are_loaded() throws Exception {
        Files.writeString(layout.observers(), "dev-2\n");

        DeviceRegistry loaded = DeviceRegistry.load(layout);

        assertEquals(Set.of(DEV_2), loaded.observers());
        assertTrue(loaded.isObserver(DEV_2));
        assertFalse(loaded.isObserver(DEV_1));
        assertEquals(Set.of(DEV_1, DEV_2), loaded.devices());
    }

    @Test
    void comments_blank_lines_and_surrounding_whitespace_in_observers_txt_are_ignored() throws Exception {
        Files.writeString(layout.observers(), "# dashboards\n\n   \n  dev-2 \t\r\n   # dev-3 left\n\tdev-1\n");

        assertEquals(Set.of(DEV_1, DEV_2), DeviceRegistry.load(layout).observers());
    }

    @Test
    void an_observers_file_with_only_comments_means_no_observers() throws Exception {
        Files.writeString(layout.observers(), "# nobody yet\n");

        assertEquals(Set.of(), DeviceRegistry.load(layout).observers());
    }

    @Test
    void an_invalid_id_in_observers_txt_is_reported_with_file_and_line() throws Exception {
        Files.writeString(layout.observers(), "# header\ndev-1\n../dev-2\n");

        CredentialsException e = assertThrows(CredentialsException.class, () -> DeviceRegistry.load(layout));

        assertEquals(layout.observers() + " line 3: '../dev-2' is not a valid device id", e.getMessage());
    }

    @Test
    void an_observer_that_is_not_a_registered_device_is_refused_with_its_line() throws Exception {
        Files.writeString(layout.observers(), "dev-1\n\ndev-9\n");

        CredentialsException e = assertThrows(CredentialsException.class, () -> DeviceRegistry.load(layout));

        assertEquals(layout.observers() + " line 3: 'dev-9' is not a registered device", e.getMessage());
    }

    @Test
    void observers_cannot_be_changed_through_the_registry() throws Exception {
        Files.writeString(layout.observers(), "dev-1\n");

        DeviceRegistry loaded = DeviceRegistry.load(layout);

        assertThrows(UnsupportedOperationException.class, () -> loaded.observers().add(DEV_2));
    }
}
