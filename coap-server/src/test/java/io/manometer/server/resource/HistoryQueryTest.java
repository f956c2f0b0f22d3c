package io.manometer.server.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureApi;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryQueryTest {

    @Test
    void no_parameters_ask_for_the_latest_reading_of_every_device() {
        assertEquals(new HistoryQuery(Optional.empty(), PressureApi.DEFAULT_HISTORY_LIMIT),
                HistoryQuery.parse(List.of()));
    }

    @Test
    void device_and_limit_ask_for_that_much_history() {
        assertEquals(new HistoryQuery(Optional.of(DeviceId.of("dev-1")), 5),
                HistoryQuery.parse(List.of("device=dev-1", "limit=5")));
        assertEquals(new HistoryQuery(Optional.of(DeviceId.of("dev-1")), 5),
                HistoryQuery.parse(List.of("limit=5", "device=dev-1")));
    }

    @Test
    void device_alone_gets_the_default_limit() {
        assertEquals(new HistoryQuery(Optional.of(DeviceId.of("dev-1")), PressureApi.DEFAULT_HISTORY_LIMIT),
                HistoryQuery.parse(List.of("device=dev-1")));
    }

    @Test
    void limits_from_1_to_the_maximum_are_accepted() {
        assertEquals(1, HistoryQuery.parse(List.of("device=dev-1", "limit=1")).limit());
        assertEquals(PressureApi.MAX_HISTORY_LIMIT,
                HistoryQuery.parse(List.of("device=dev-1", "limit=" + PressureApi.MAX_HISTORY_LIMIT)).limit());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "devcie=dev-1",
        "device=dev-1&sort=asc",
        "device",
        "",
        "device=dev-1&limit=0",
        "device=dev-1&limit=1001",
        "device=dev-1&limit=-1",
        "device=dev-1&limit=five",
        "device=dev-1&limit=",
        "device=dev-1&limit=99999999999",
        "limit=5",
        "device=",
        "device=../etc",
        "device=dev 1",
        "device=dev-1&device=dev-2",
        "device=dev-1&limit=5&limit=6"
    })
    void bad_queries_are_rejected(String query) {
        List<String> parameters = List.of(query.split("&", -1));

        assertThrows(BadRequestException.class, () -> HistoryQuery.parse(parameters));
    }
}
