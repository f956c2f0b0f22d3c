package io.manometer.credentials.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import io.manometer.protocol.DeviceId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsMainTest {

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
    @ValueSource(strings = {"0", "10001", "", ",", " , ", "a,b c", "../x", "dev/1"})
    void counts_out_of_range_and_invalid_ids_are_usage_errors(String spec) {
        CliException e = assertThrows(CliException.class, () -> CredentialsMain.parseDevices(spec));

        assertEquals(Cli.USAGE, e.exitCode());
    }

    private static List<DeviceId> ids(String... ids) {
        return List.of(ids).stream().map(DeviceId::of).toList();
    }
}
