package io.manometer.bench.suite;

import io.manometer.bench.limits.CryptoCosts;
import io.manometer.bench.limits.UdpEchoBound;
import io.manometer.credentials.dtls.CredentialMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything one suite run measured, phase by phase, as plain values: the report is written from these alone, so
 * it can be tested without running anything.
 */
record SuiteResults(Machine machine, String command, SuiteSettings settings, CryptoCosts crypto,
        UdpEchoBound.Result udp, List<HandshakeRow> handshakes, List<ReadingsRow> readings, List<HeapRow> heap,
        Optional<List<LibcoapRow>> libcoap, String libcoapNote, double seconds) {

    /** What the numbers were measured on. */
    record Machine(int cores, String cpuModel, String jdk, String os, String date, String libcoap, String fileSystem,
            String maxHeap) {
    }

    /**
     * Full handshakes in one mode at saturation.
     *
     * @param serverPerSecond completed handshakes per second counted by the server over its busy window
     * @param cpuMicrosPerHandshake the server threads' CPU time per handshake over the same window
     * @param fleetPerSecond the fleet's own count, for comparison
     */
    record HandshakeRow(CredentialMode mode, double serverPerSecond, long serverHandshakes, double seconds,
            double cpuMicrosPerHandshake, double fleetPerSecond, long failures, Map<String, Long> failuresByKind,
            OptionalDouble boundPerSecond) {

        /** The rate this server would reach if it had all {@code cores} to itself, from its CPU per handshake. */
        double dedicatedPerSecond(int cores) {
            return Double.isNaN(cpuMicrosPerHandshake) || cpuMicrosPerHandshake <= 0 ? Double.NaN
                    : cores * 1e6 / cpuMicrosPerHandshake;
        }
    }

    /**
     * Closed-loop readings over established sessions into a durable SQLite store; {@code skipped} says why a row has
     * no numbers (e.g. the server does not take SenML packs yet). {@code acknowledged} counts readings, {@code
     * failures} requests.
     */
    record ReadingsRow(int batch, double readingsPerSecond, double requestsPerSecond, double p50, double p95,
            double p99, long acknowledged, long stored, double cpuMicrosPerRequest, long failures,
            Map<String, Long> failuresByKind, Optional<String> skipped) {

        /**
         * The store kept the promise: every acknowledged reading is in it, and anything beyond those belongs to
         * requests that failed on the device's side (e.g. stored, but the answer came after the run's drain time).
         */
        boolean storeMatches() {
            return stored >= acknowledged && stored - acknowledged <= failures * batch;
        }

        /** Rows stored for requests the device saw fail. */
        long storedUnacknowledged() {
            return stored - acknowledged;
        }
    }

    /** Heap of the server after {@code sessions} idle sessions, measured after garbage collection. */
    record HeapRow(int sessions, long serverSessions, long heapBefore, long heapAfter, long bytesPerSession,
            long marginalBytesPerSession, long failures) {
    }

    /** One server driven by the same fleet options: PSK handshakes/s and closed-loop requests/s. */
    record LibcoapRow(String server, double handshakesPerSecond, long handshakeFailures, double requestsPerSecond,
            double p50, double p99, long requestFailures, Map<String, Long> failuresByKind) {
    }
}
