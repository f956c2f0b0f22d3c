package io.manometer.server.resource;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.util.List;
import java.util.function.Predicate;

/**
 * Who may read which readings: a device reads its own; a device the registry marks as an observer
 * ({@code observers.txt}, e.g. a dashboard or gateway identity) reads every device's. A compromised sensor thus
 * learns nothing about its neighbours.
 */
public record ReadAccess(Predicate<DeviceId> observers) {

    public boolean mayRead(DeviceId peer, DeviceId owner) {
        return peer.equals(owner) || observers.test(peer);
    }

    /** The part of {@code readings} that {@code peer} may see. */
    public List<PressureReading> visible(DeviceId peer, List<PressureReading> readings) {
        if (observers.test(peer)) {
            return readings;
        }
        return readings.stream().filter(reading -> reading.device().equals(peer)).toList();
    }
}
