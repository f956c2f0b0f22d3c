package io.manometer.server.resource;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureApi;
import java.util.List;
import java.util.Optional;

/**
 * The query of {@code GET /pressure}: nothing (latest per device) or {@code device=ID[&limit=N]} (history).
 * Unknown parameters are rejected rather than ignored, so a misspelt {@code devcie=} is not silently "all devices".
 */
record HistoryQuery(Optional<DeviceId> device, int limit) {

    static HistoryQuery parse(List<String> parameters) {
        Optional<DeviceId> device = Optional.empty();
        Integer limit = null;
        for (String parameter : parameters) {
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            String value = eq < 0 ? "" : parameter.substring(eq + 1);
            switch (name) {
                case PressureApi.QUERY_DEVICE -> {
                    if (device.isPresent() || !DeviceId.isValid(value)) {
                        throw new BadRequestException("query 'device' must appear once with a valid device id");
                    }
                    device = Optional.of(DeviceId.of(value));
                }
                case PressureApi.QUERY_LIMIT -> {
                    if (limit != null) {
                        throw new BadRequestException("query 'limit' must appear once");
                    }
                    limit = parseLimit(value);
                }
                default -> throw new BadRequestException("unknown query parameter '" + name
                        + "' (allowed: device, limit)");
            }
        }
        if (limit != null && device.isEmpty()) {
            throw new BadRequestException("query 'limit' needs 'device'");
        }
        return new HistoryQuery(device, limit == null ? PressureApi.DEFAULT_HISTORY_LIMIT : limit);
    }

    private static int parseLimit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= PressureApi.MAX_HISTORY_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // fall through to the diagnostic
        }
        throw new BadRequestException("query 'limit' must be a number from 1 to " + PressureApi.MAX_HISTORY_LIMIT);
    }
}
