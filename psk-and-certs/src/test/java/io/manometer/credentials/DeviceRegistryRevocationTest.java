package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revoked device is gone from every lookup a handshake makes, whether revoked on disk or while running. */
class DeviceRegistryRevocationTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");
    private static final DeviceId DEV_2 = DeviceId.of("dev-2");

    @TempDir
    Path dir;

    @Test
    void load_leaves_out_devices_on_the_deny_list() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(dir, "dev-1", "dev-2");
        PublicKey dev2Key = PemFiles.loadPublicKey(layout.devicePublicKey(DEV_2));
        new CredentialsRevoker(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC))
                .revoke(layout, List.of(DEV_2), "test");

        DeviceRegistry registry = DeviceRegistry.load(layout);

        assertEquals(Set.of(DEV_1), registry.devices());
        assertFalse(registry.contains(DEV_2));
        assertTrue(registry.isRevoked(DEV_2));
        assertTrue(registry.psk("dev-2").isEmpty());
        assertTrue(registry.deviceForPublicKey(dev2Key).isEmpty());
        assertEquals(1, registry.publicKeys().size(), "a revoked key is not even trusted statically");
    }

    @Test
    void revoking_a_running_registry_refuses_the_device_in_every_lookup() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(dir, "dev-1", "dev-2");
        DeviceRegistry registry = DeviceRegistry.load(layout);
        PublicKey dev1Key = PemFiles.loadPublicKey(layout.devicePublicKey(DEV_1));

        assertEquals(Set.of(DEV_1), registry.revoke(Set.of(DEV_1)));
        assertEquals(Set.of(), registry.revoke(Set.of(DEV_1)), "revoking twice changes nothing");

        assertTrue(registry.psk("dev-1").isEmpty());
        assertTrue(registry.deviceForPublicKey(dev1Key).isEmpty());
        assertEquals(DEV_1, registry.keyOwner(dev1Key).orElseThrow(), "its sessions can still be found");
        assertFalse(registry.contains(DEV_1));
        assertEquals(Set.of(DEV_2), registry.devices());
        assertTrue(registry.psk("dev-2").isPresent());
    }

    @Test
    void a_revoked_observer_does_not_make_the_folder_unloadable() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(dir, "dev-1", "gw-1");
        TestCredentials.provisioner().setObservers(layout, Set.of(DeviceId.of("gw-1")));
        new CredentialsRevoker(Clock.systemUTC()).revoke(layout, List.of(DeviceId.of("gw-1")), "");

        DeviceRegistry registry = DeviceRegistry.load(layout);

        assertEquals(Set.of(DEV_1), registry.devices());
    }
}
