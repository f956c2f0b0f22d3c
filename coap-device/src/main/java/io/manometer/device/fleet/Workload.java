package io.manometer.device.fleet;

import java.util.Locale;

/**
 * What a fleet does after loading its devices. The three workloads answer different capacity questions: sustained
 * reading throughput, full-handshake throughput, and the server's memory per idle session.
 */
public enum Workload {
    /**
     * Every device handshakes (at most {@code concurrency} handshakes in flight; its first request is a GET of its
     * own latest reading, which stores nothing), then the fleet POSTs readings for {@code duration}: open loop at
     * {@code rate} readings/s over all devices, or, with rate 0, closed loop (each device keeps {@code inFlight}
     * confirmable POSTs outstanding).
     */
    READINGS,
    /**
     * Saturation: {@code concurrency} workers each repeat full handshakes (fresh keys, full certificate checks) with
     * one POST each, cycling over the devices, for {@code duration}.
     */
    HANDSHAKES,
    /**
     * Every device handshakes and POSTs one reading, then its endpoint is destroyed locally without close_notify,
     * so the server keeps an idle session per device; at most {@code concurrency} endpoints exist at any time.
     */
    SESSIONS;

    /** The name on command lines and in reports. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
