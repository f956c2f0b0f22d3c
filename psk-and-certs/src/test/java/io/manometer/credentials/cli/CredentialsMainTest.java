package io.manometer.credentials.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.DeviceRegistry;
import io.manometer.protocol.DeviceId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsMainTest {

    @TempDir
    Path dir;

    @Test
    void a_count_means_dev_1_to_dev_n() {
        assertEquals(ids("dev-1", "dev-2", "dev-3"), CredentialsMain.parseDevices("3"));
        assertEquals(ids("dev-1"), CredentialsMain.parseDevices("1"));
    }

    @Test
    void the_largest_count_is_accepted() {
        List<DeviceId> devices = CredentialsMain.parseDevices(String.valueOf(CredentialsMain.MAX_GENERATED_DEVICES));

        assertEquals(CredentialsMain.MAX_GENERATED_DEVICES, devices.size());
        assertEquals(DeviceId.of("dev-" + CredentialsMain.MAX_GENERATED_DEVICES), devices.get(devices.size() - 1));
    }

    @Test
    void a_comma_separated_list_keeps_its_order() {
        assertEquals(ids("a", "b"), CredentialsMain.parseDevices("a,b"));
        assertEquals(ids("pump-7", "dev-1"), CredentialsMain.parseDevices("pump-7, dev-1"));
        assertEquals(ids("a", "b"), CredentialsMain.parseDevices("a,,b,"));
    }

    @Test
    void a_device_listed_twice_is_rejected() {
        CliException e = assertThrows(CliException.class, () -> CredentialsMain.parseDevices("a,b,a"));

        assertEquals(Cli.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "100001", "99999999999", "", ",", " , ", "a,b c", "../x", "dev/1"})
    void counts_out_of_range_and_invalid_ids_are_usage_errors(String spec) {
        CliException e = assertThrows(CliException.class, () -> CredentialsMain.parseDevices(spec));

        assertEquals(Cli.USAGE, e.exitCode());
    }

    @Test
    void init_with_observers_marks_them_in_the_registry() throws Exception {
        Run run = run("init", "--dir", dir.toString(), "--devices", "dev-1,dev-2,gw-1", "--observers", "gw-1,dev-2");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("observers (may read every device's readings): dev-2, gw-1"), run.out());
        DeviceRegistry registry = DeviceRegistry.load(new CredentialsLayout(dir));
        assertEquals(Set.copyOf(ids("dev-2", "gw-1")), registry.observers());
    }

    @Test
    void init_with_a_count_accepts_generated_ids_as_observers() throws Exception {
        Run run = run("init", "--dir", dir.toString(), "--devices", "2", "--observers", "dev-2");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Set.copyOf(ids("dev-2")), DeviceRegistry.load(new CredentialsLayout(dir)).observers());
    }

    @Test
    void init_without_observers_writes_no_observers_file() {
        Run run = run("init", "--dir", dir.toString(), "--devices", "dev-1");

        assertEquals(0, run.exitCode(), run.err());
        assertFalse(Files.exists(new CredentialsLayout(dir).observers()));
    }

    @Test
    void an_observer_that_is_not_being_created_is_a_usage_error_and_nothing_is_written() throws Exception {
        Run run = run("init", "--dir", dir.toString(), "--devices", "dev-1,dev-2", "--observers", "dev-1,dev-9");

        assertEquals(Cli.USAGE, run.exitCode());
        assertEquals("credentials: --observers: 'dev-9' is not one of the devices being created (--devices)"
                + System.lineSeparator(), run.err());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", ",", ""})
    void an_invalid_or_empty_observer_list_is_a_usage_error(String spec) {
        Run run = run("init", "--dir", dir.toString(), "--devices", "dev-1", "--observers", spec);

        assertEquals(Cli.USAGE, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void add_device_with_observer_adds_it_to_the_observers_already_listed() throws Exception {
        run("init", "--dir", dir.toString(), "--devices", "dev-1,dev-2", "--observers", "dev-1");

        Run added = run("add-device", "gw-1", "--dir", dir.toString(), "--observer");
        Run plain = run("add-device", "dev-3", "--dir", dir.toString());

        assertEquals(0, added.exitCode(), added.err());
        assertTrue(added.out().contains("gw-1 is an observer"), added.out());
        assertEquals(0, plain.exitCode(), plain.err());
        DeviceRegistry registry = DeviceRegistry.load(new CredentialsLayout(dir));
        assertEquals(Set.copyOf(ids("dev-1", "gw-1")), registry.observers());
        assertTrue(registry.contains(DeviceId.of("dev-3")));
    }

    @Test
    void list_marks_observers() {
        run("init", "--dir", dir.toString(), "--devices", "dev-1,gw-1", "--observers", "gw-1");

        Run list = run("list", "--dir", dir.toString());

        assertEquals(0, list.exitCode(), list.err());
        List<String> devices = list.out().lines().filter(line -> line.startsWith("device ")).toList();
        assertEquals(2, devices.size(), list.out());
        assertEquals("device  dev-1                psk,rpk,x509", devices.get(0));
        assertEquals("device  gw-1                 psk,rpk,x509  observer", devices.get(1));
    }

    @Test
    void list_reports_a_broken_observers_file_with_its_line() throws Exception {
        run("init", "--dir", dir.toString(), "--devices", "dev-1");
        Files.writeString(new CredentialsLayout(dir).observers(), "dev-1\ndev-9\n");

        Run list = run("list", "--dir", dir.toString());

        assertEquals(Cli.FAILURE, list.exitCode());
        assertTrue(list.err().contains("observers.txt line 2: 'dev-9' is not a registered device"), list.err());
    }

    @Test
    void every_new_option_has_help() {
        String init = run("init", "--help").out().replaceAll("\\s+", " ");
        String addDevice = run("add-device", "--help").out().replaceAll("\\s+", " ");
        String list = run("list", "--help").out().replaceAll("\\s+", " ");

        assertTrue(init.contains("--observers=ID[,ID...] Devices (from --devices) that may read every device's"
                + " readings"), init);
        assertTrue(addDevice.contains("--observer Also make the device an observer"), addDevice);
        assertTrue(list.contains("role (observers may read every device's readings)"), list);
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs the command line as {@code main} would, capturing what it prints. */
    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode = Cli.run("credentials", new CredentialsMain(), args);
            System.out.flush();
            System.err.flush();
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static List<DeviceId> ids(String... ids) {
        return List.of(ids).stream().map(DeviceId::of).toList();
    }
}
