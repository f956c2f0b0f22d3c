package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.elements.util.SslContextUtil.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsProvisionerTest {

    private static final DeviceId DEV_1 = DeviceId.of("dev-1");

    @TempDir
    Path root;

    @Test
    void init_writes_exactly_the_design_layout() throws Exception {
        CredentialsLayout layout = new CredentialsLayout(root);

        List<Path> written = TestCredentials.provisioner().init(layout, TestCredentials.ids("dev-1", "dev-2"), false);

        Set<String> expected = Set.of("ca.crt", "ca.key", "server.crt", "server.key", "server.pub",
                "devices/dev-1.crt", "devices/dev-1.key", "devices/dev-1.pub", "devices/dev-1.psk",
                "devices/dev-2.crt", "devices/dev-2.key", "devices/dev-2.pub", "devices/dev-2.psk");
        assertEquals(new TreeSet<>(expected), filesUnder(root));
        assertEquals(new TreeSet<>(expected), new TreeSet<>(written.stream().map(this::relative).toList()));
    }

    @Test
    void private_files_are_owner_only_and_public_files_world_readable() throws Exception {
        TestCredentials.provision(root, "dev-1", "dev-2");

        Set<String> privateFiles = Set.of("ca.key", "server.key", "devices/dev-1.key", "devices/dev-1.psk",
                "devices/dev-2.key", "devices/dev-2.psk");
        for (String file : filesUnder(root)) {
            String expected = privateFiles.contains(file) ? "rw-------" : "rw-r--r--";
            assertEquals(expected, permissions(root.resolve(file)), file);
        }
    }

    @Test
    void init_without_force_refuses_an_existing_folder_and_changes_nothing() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        Map<String, String> before = snapshot(root);

        CredentialsException sameDevices = assertThrows(CredentialsException.class,
                () -> TestCredentials.provisioner().init(layout, TestCredentials.ids("dev-1"), false));
        CredentialsException otherDevices = assertThrows(CredentialsException.class,
                () -> TestCredentials.provisioner().init(layout, TestCredentials.ids("dev-7"), false));

        assertTrue(sameDevices.getMessage().contains("ca.crt"), sameDevices.getMessage());
        assertTrue(sameDevices.getMessage().contains("--force"), sameDevices.getMessage());
        assertTrue(otherDevices.getMessage().contains("ca.crt"), otherDevices.getMessage());
        assertEquals(before, snapshot(root));
    }

    @Test
    void init_with_force_replaces_the_ca_and_drops_devices_issued_by_the_old_one() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1", "dev-2");
        byte[] oldCa = Files.readAllBytes(layout.caCertificate());
        byte[] oldServerKey = Files.readAllBytes(layout.serverKey());

        TestCredentials.provisioner().init(layout, TestCredentials.ids("dev-3"), true);

        assertFalse(Arrays.equals(oldCa, Files.readAllBytes(layout.caCertificate())));
        assertFalse(Arrays.equals(oldServerKey, Files.readAllBytes(layout.serverKey())));
        assertEquals(new TreeSet<>(Set.of("ca.crt", "ca.key", "server.crt", "server.key", "server.pub",
                "devices/dev-3.crt", "devices/dev-3.key", "devices/dev-3.pub", "devices/dev-3.psk")),
                filesUnder(root));
        X509Certificate ca = PemFiles.loadCertificates(layout.caCertificate())[0];
        PemFiles.loadCertificates(layout.deviceCertificate(DeviceId.of("dev-3")))[0].verify(ca.getPublicKey());
    }

    @Test
    void add_device_issues_a_device_with_the_existing_ca() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        Map<String, String> before = snapshot(root);
        DeviceId added = DeviceId.of("pump-7");

        List<Path> written = TestCredentials.provisioner().addDevice(layout, added, false);

        assertEquals(CredentialsProvisioner.deviceFiles(layout, added), written);
        Map<String, String> after = snapshot(root);
        before.forEach((file, state) -> assertEquals(state, after.get(file), file));
        assertEquals(before.size() + 4, after.size());
        X509Certificate ca = PemFiles.loadCertificates(layout.caCertificate())[0];
        X509Certificate[] chain = PemFiles.loadCertificates(layout.deviceCertificate(added));
        chain[0].verify(ca.getPublicKey());
        assertEquals(ca, chain[1]);
        assertEquals("rw-------", permissions(layout.deviceKey(added)));
        assertEquals("rw-------", permissions(layout.devicePsk(added)));
        assertTrue(DeviceRegistry.load(layout).contains(added));
    }

    @Test
    void add_device_refuses_to_overwrite_an_existing_device() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        Map<String, String> before = snapshot(root);

        CredentialsException refused = assertThrows(CredentialsException.class,
                () -> TestCredentials.provisioner().addDevice(layout, DEV_1, false));

        assertTrue(refused.getMessage().contains("dev-1.crt"), refused.getMessage());
        assertEquals(before, snapshot(root));
    }

    @Test
    void add_device_with_force_reissues_the_device_and_keeps_the_ca() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        byte[] ca = Files.readAllBytes(layout.caCertificate());
        byte[] key = Files.readAllBytes(layout.deviceKey(DEV_1));
        byte[] psk = Files.readAllBytes(layout.devicePsk(DEV_1));

        TestCredentials.provisioner().addDevice(layout, DEV_1, true);

        assertArrayEquals(ca, Files.readAllBytes(layout.caCertificate()));
        assertFalse(Arrays.equals(key, Files.readAllBytes(layout.deviceKey(DEV_1))));
        assertFalse(Arrays.equals(psk, Files.readAllBytes(layout.devicePsk(DEV_1))));
    }

    @Test
    void add_device_without_a_ca_names_the_missing_ca_key() {
        CredentialsLayout layout = new CredentialsLayout(root);

        CredentialsException missing = assertThrows(CredentialsException.class,
                () -> TestCredentials.provisioner().addDevice(layout, DEV_1, false));

        assertTrue(missing.getMessage().contains(layout.caKey().toString()), missing.getMessage());
        assertFalse(Files.exists(layout.devices()));
    }

    @Test
    void set_observers_writes_a_commented_world_readable_file_sorted_by_id() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1", "dev-2", "gw-1");

        TestCredentials.provisioner().setObservers(layout, Set.of(DeviceId.of("gw-1"), DEV_1));

        assertEquals(ObserversFile.HEADER + "\ndev-1\ngw-1\n", Files.readString(layout.observers()));
        assertEquals("rw-r--r--", permissions(layout.observers()));
        assertEquals(Set.of(DEV_1, DeviceId.of("gw-1")), DeviceRegistry.load(layout).observers());
        assertEquals("# devices allowed to read every device's readings (GET /pressure); one id per line",
                ObserversFile.HEADER);
    }

    @Test
    void set_observers_replaces_the_previous_list() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1", "dev-2");
        TestCredentials.provisioner().setObservers(layout, Set.of(DEV_1));

        TestCredentials.provisioner().setObservers(layout, Set.of(DeviceId.of("dev-2")));

        assertEquals(Set.of(DeviceId.of("dev-2")), DeviceRegistry.load(layout).observers());
        // no temporary file left beside it
        assertEquals(List.of("observers.txt"),
                filesUnder(root).stream().filter(file -> file.contains("observers")).toList());
    }

    @Test
    void set_observers_refuses_a_device_that_is_not_registered_and_writes_nothing() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");

        CredentialsException refused = assertThrows(CredentialsException.class,
                () -> TestCredentials.provisioner().setObservers(layout, Set.of(DEV_1, DeviceId.of("dev-9"))));

        assertTrue(refused.getMessage().contains("'dev-9'"), refused.getMessage());
        assertFalse(Files.exists(layout.observers()));
    }

    @Test
    void add_observer_keeps_the_observers_already_listed() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1", "dev-2");
        Files.writeString(layout.observers(), "# hand-written\ndev-1\n");

        TestCredentials.provisioner().addObserver(layout, DeviceId.of("dev-2"));

        assertEquals(ObserversFile.HEADER + "\ndev-1\ndev-2\n", Files.readString(layout.observers()));
    }

    @Test
    void add_observer_creates_the_file_when_there_is_none() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");

        TestCredentials.provisioner().addObserver(layout, DEV_1);

        assertEquals(Set.of(DEV_1), DeviceRegistry.load(layout).observers());
    }

    @Test
    void init_with_force_removes_the_observers_of_the_replaced_folder() throws Exception {
        CredentialsLayout layout = TestCredentials.provision(root, "dev-1");
        TestCredentials.provisioner().setObservers(layout, Set.of(DEV_1));

        TestCredentials.provisioner().init(layout, TestCredentials.ids("dev-3"), true);

        assertFalse(Files.exists(layout.observers()));
        assertEquals(Set.of(), DeviceRegistry.load(layout).observers());
    }

    @Test
    void init_of_a_fleet_gives_every_device_its_own_keys_psk_and_certificate_with_the_right_permissions()
            throws Exception {
        CredentialsLayout layout = new CredentialsLayout(root);
        List<DeviceId> fleet = IntStream.rangeClosed(1, 200).mapToObj(i -> DeviceId.of("dev-" + i)).toList();

        List<Path> written = TestCredentials.provisioner().withThreads(3).init(layout, fleet, false);

        assertEquals(5 + 4 * fleet.size(), written.size());
        assertEquals(5 + 4 * fleet.size(), filesUnder(root).size(), "no temporary or stray files");
        X509Certificate ca = PemFiles.loadCertificates(layout.caCertificate())[0];
        Set<String> privateKeys = new HashSet<>();
        Set<String> publicKeys = new HashSet<>();
        Set<String> psks = new HashSet<>();
        Set<BigInteger> serials = new HashSet<>();
        for (DeviceId id : fleet) {
            X509Certificate[] chain = PemFiles.loadCertificates(layout.deviceCertificate(id));
            assertEquals(new X500Principal("CN=" + id + ", O=Manometer"), chain[0].getSubjectX500Principal());
            assertEquals(ca, chain[1]);
            chain[0].verify(ca.getPublicKey());
            Credentials keys = PemFiles.load(layout.deviceKey(id), layout.devicePublicKey(id));
            assertArrayEquals(chain[0].getPublicKey().getEncoded(), keys.getPublicKey().getEncoded(), id.value());
            assertTrue(signsFor(keys.getPrivateKey(), keys.getPublicKey()), id + ": .key and .pub are one pair");
            privateKeys.add(Files.readString(layout.deviceKey(id)));
            publicKeys.add(Files.readString(layout.devicePublicKey(id)));
            psks.add(Files.readString(layout.devicePsk(id)));
            serials.add(chain[0].getSerialNumber());
            assertEquals("rw-r--r--", permissions(layout.deviceCertificate(id)));
            assertEquals("rw-------", permissions(layout.deviceKey(id)));
            assertEquals("rw-r--r--", permissions(layout.devicePublicKey(id)));
            assertEquals("rw-------", permissions(layout.devicePsk(id)));
        }
        assertEquals(fleet.size(), privateKeys.size());
        assertEquals(fleet.size(), publicKeys.size());
        assertEquals(fleet.size(), psks.size());
        assertEquals(fleet.size(), serials.size());
        DeviceRegistry registry = DeviceRegistry.load(layout);
        assertEquals(Set.copyOf(fleet), registry.devices());
        assertEquals(fleet.size(), registry.publicKeys().size());
    }

    @Test
    void init_reports_progress_for_large_fleets_only() throws Exception {
        List<Integer> reported = new ArrayList<>();

        TestCredentials.provisioner().withProgress((done, total) -> reported.add(done))
                .init(new CredentialsLayout(root), TestCredentials.ids("dev-1", "dev-2"), false);

        assertEquals(List.of(), reported, "fewer than " + CredentialsProvisioner.PROGRESS_STEP + " devices");
    }

    @Test
    void init_refuses_a_device_listed_twice_before_writing_anything() throws IOException {
        CredentialsException refused = assertThrows(CredentialsException.class,
                () -> TestCredentials.provisioner().init(new CredentialsLayout(root),
                        TestCredentials.ids("dev-1", "dev-2", "dev-1"), false));

        assertTrue(refused.getMessage().contains("'dev-1'"), refused.getMessage());
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void init_without_force_refuses_a_devices_folder_left_from_elsewhere_and_changes_nothing() throws Exception {
        CredentialsLayout layout = new CredentialsLayout(root);
        Files.createDirectories(layout.devices());
        Files.writeString(layout.devicePsk(DeviceId.of("dev-2")), "left over\n");
        Map<String, String> before = snapshot(root);

        CredentialsException refused = assertThrows(CredentialsException.class,
                () -> TestCredentials.provisioner().init(layout, TestCredentials.ids("dev-1", "dev-2"), false));

        assertTrue(refused.getMessage().contains("dev-2.psk"), refused.getMessage());
        assertEquals(before, snapshot(root));
    }

    @Test
    void init_on_one_thread_issues_the_same_layout() throws Exception {
        CredentialsLayout layout = new CredentialsLayout(root);

        TestCredentials.provisioner().withThreads(1).init(layout, TestCredentials.ids("dev-1", "dev-2"), false);

        assertEquals(Set.of(DEV_1, DeviceId.of("dev-2")), DeviceRegistry.load(layout).devices());
        assertThrows(IllegalArgumentException.class, () -> TestCredentials.provisioner().withThreads(0));
    }

    private static boolean signsFor(PrivateKey privateKey, PublicKey publicKey) throws Exception {
        byte[] data = {1, 2, 3};
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(data);
        return verifier.verify(signature);
    }

    private String relative(Path file) {
        return root.relativize(file).toString();
    }

    private Set<String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return new TreeSet<>(files.filter(Files::isRegularFile).map(this::relative).toList());
        }
    }

    /** Content and permissions of every file, keyed by relative path. */
    private Map<String, String> snapshot(Path directory) throws IOException {
        Map<String, String> state = new TreeMap<>();
        for (String file : filesUnder(directory)) {
            Path path = directory.resolve(file);
            state.put(file, permissions(path) + " " + HexFormat.of().formatHex(Files.readAllBytes(path)));
        }
        return state;
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
