package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one comparison measured and derived, the input of the CSV, the charts and the report. Values only;
 * how they were measured is in {@link CompareRun}.
 *
 * @param options what was asked for
 * @param modes one result per mode, in the order asked
 * @param sweep handshake bytes per knob step, default to lean and beyond, for every mode
 * @param minima the RFC-derived DTLS 1.2 minimum per mode, without and with HelloVerifyRequest
 * @param provisioning what each mode needs on a device, measured from the credentials used
 * @param cores processors available to the JVM (server and devices shared them)
 */
public record CompareResult(CompareRun.Options options, List<Mode> modes, List<KnobRow> sweep,
        Map<CredentialMode, Minimum> minima, List<Provisioning.Row> provisioning, int cores) {

    public CompareResult {
        modes = List.copyOf(modes);
        sweep = List.copyOf(sweep);
        minima = Map.copyOf(minima);
        provisioning = List.copyOf(provisioning);
    }

    /**
     * Fresh devices one after the other on a pass-through link.
     *
     * @param typical the trace whose actual size is the median (all traces have the same normalised size)
     * @param bytesMin smallest actual handshake size seen (signatures shorter than 71 bytes)
     * @param bytesMax largest actual handshake size seen
     * @param millisP50 handshake time, median
     * @param millisP95 handshake time, 95th percentile
     * @param serverCpuMillis mean CPU time of the server's DTLS threads per handshake
     * @param deviceCpuMillis mean CPU time of the device's DTLS threads per handshake
     * @param resumption the abbreviated handshakes the same devices resumed with, if asked for
     * @param requestRecord bytes of the DTLS record carrying the CoAP POST, connection id as negotiated
     * @param requestRecordWithoutCid the same record when the device does not negotiate a connection id
     * @param responseRecord bytes of the record carrying the response
     */
    public record Loopback(int handshakes, HandshakeTrace typical, int bytesMin, int bytesMax, double millisP50,
            double millisP95, double serverCpuMillis, double deviceCpuMillis, Optional<Resumption> resumption,
            int requestRecord, int requestRecordWithoutCid, int responseRecord) {
    }

    /**
     * The abbreviated handshakes (RFC 5246 §7.3) of the loopback devices.
     *
     * @param abbreviated false when the server offered no session id and the devices fell back to a full handshake
     */
    public record Resumption(boolean abbreviated, HandshakeTrace typical, double millisP50, double millisP95) {
    }

    /** Fresh devices over an impaired link: how many completed their handshake, and how fast. */
    public record Impaired(String link, int attempts, int completed, double millisP50, double millisP95,
            double flightRetransmissionsPerHandshake) {

        public double completion() {
            return attempts == 0 ? Double.NaN : (double) completed / attempts;
        }
    }

    /**
     * The server kept busy by devices ({@link Saturation}).
     *
     * @param handshakesPerSecond full handshakes completed per second
     * @param serverCpuMillis CPU time of the server's DTLS threads per completed handshake
     */
    public record Saturated(double handshakesPerSecond, double serverCpuMillis) {

        /** Handshakes per second a server with {@code cores} to itself would complete at this CPU cost. */
        public double boundPerSecond(int cores) {
            return cores * 1000.0 / serverCpuMillis;
        }
    }

    /**
     * One mode.
     *
     * @param saturation the server kept busy by devices, if measured
     */
    public record Mode(CredentialMode mode, Loopback loopback, Optional<Impaired> rtt, Optional<Impaired> loss,
            Optional<Saturated> saturation) {
    }

    /** One step of the knob sweep: what kind of step, its label, the knob it adds (if one), each mode's trace. */
    public record KnobRow(Step step, String label, Optional<Knob> knob, Map<CredentialMode, HandshakeTrace> traces) {
        public KnobRow {
            traces = Map.copyOf(traces);
        }
    }

    /**
     * The kinds of sweep rows: Manometer as shipped, one more lean knob, the last of them (the lean profile), a knob
     * on top of lean that lean leaves out, and the lean device against the default server.
     */
    public enum Step {
        DEFAULT, KNOB, LEAN, BEYOND_LEAN, LEAN_DEVICE_DEFAULT_SERVER
    }

    /** The RFC minimum of one mode without and with the HelloVerifyRequest exchange. */
    public record Minimum(RfcMinimum.Handshake plain, RfcMinimum.Handshake helloVerify) {

        /** The minimum with the same DoS protection as {@code trace}: with HelloVerifyRequest if it had one. */
        public RfcMinimum.Handshake matching(HandshakeTrace trace) {
            return trace.parts().containsKey("HelloVerifyRequest") ? helloVerify : plain;
        }

        /** How far {@code trace} (normalised) is above the matching minimum, in percent. */
        public double excessPercent(HandshakeTrace trace) {
            int minimum = matching(trace).total();
            return 100.0 * (trace.normalisedBytes() - minimum) / minimum;
        }
    }

    /** The mode's result, if it was measured. */
    public Optional<Mode> mode(CredentialMode mode) {
        return modes.stream().filter(m -> m.mode() == mode).findFirst();
    }

    /** The trace of {@code mode} in the first sweep row of this kind. */
    public Optional<HandshakeTrace> sweepTrace(Step step, CredentialMode mode) {
        return sweepRow(step).map(row -> row.traces().get(mode));
    }

    /** The first sweep row of this kind. */
    public Optional<KnobRow> sweepRow(Step step) {
        return sweep.stream().filter(row -> row.step() == step).findFirst();
    }
}
