package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.CompareResult.Impaired;
import io.manometer.harness.compare.CompareResult.KnobRow;
import io.manometer.harness.compare.CompareResult.Loopback;
import io.manometer.harness.compare.CompareResult.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code report.md}: the comparison for people. Measured tables first, then the measured bytes beside the RFC
 * minimum and the IETF DTLS 1.3 figures with the reason for every difference, the lean profile knob by knob, what
 * each mode costs to provision, and how everything was measured.
 */
public final class CompareReport {

    private CompareReport() {
    }

    public static String write(CompareResult result) {
        StringBuilder md = new StringBuilder();
        CompareRun.Options options = result.options();
        md.append("# PSK and certificate modes compared\n\n");
        md.append(String.format(Locale.ROOT, "Profile **%s**, %d fresh devices per mode (after %d warm-up"
                + " handshakes), seed %d, %d cores shared by server and devices, %s %s.%n%n", options.profile(),
                options.handshakes(), options.warmup(), options.seed(), result.cores(),
                System.getProperty("java.vm.name"), System.getProperty("java.version")));
        md.append("## Full handshakes on loopback\n\n").append(mainTable(result)).append('\n');
        md.append("Bytes are UDP payload bytes of the handshake records up to and including the server's Finished"
                + " (median handshake; certificate modes vary by a few bytes with the DER length of each ECDSA"
                + " signature). *+IPv4/UDP* adds 28 bytes per datagram. CPU is thread CPU time of the DTLS threads,"
                + " not wall-clock time.\n\n");
        for (String chart : CompareCharts.of(result).keySet()) {
            md.append("![").append(chart.replace(".svg", "")).append("](").append(chart).append(")\n\n");
        }
        md.append("## Against the published figures\n\n").append(ByteBreakdown.published(result)).append('\n');
        md.append("All sizes here count every ECDSA signature at its mean DER length of 71 bytes (70–72 on the wire),"
                + " as the IETF draft does, so they do not change from run to run. The minimum is derived from the"
                + " RFC message formats below (one cipher suite, only the extensions a mode needs, one record per"
                + " flight, no connection id); the lean profile keeps HelloVerifyRequest, so *lean vs. minimum*"
                + " compares it with the minimum that has it too. The DTLS 1.3 figures"
                + " (draft-ietf-iotops-security-protocol-comparison) assume no DoS cookie, 1-byte identifiers and"
                + " certificate-less raw public keys.\n\n");
        for (CredentialMode mode : modes(result)) {
            md.append("### Where the bytes go: ").append(mode.cliName()).append("\n\n");
            md.append(ByteBreakdown.parts(result, mode)).append('\n');
            ByteBreakdown.reasons(result, mode).forEach(reason -> md.append("- ").append(reason).append('\n'));
            md.append('\n');
        }
        md.append(LeanSection.write(result));
        md.append(resumption(result)).append(records(result)).append(impaired(result)).append(saturation(result));
        md.append("## What each mode needs on a device\n\n").append(provisioning(result)).append('\n');
        md.append(MethodSection.write(result));
        return md.toString();
    }

    private static String mainTable(CompareResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (Mode mode : result.modes()) {
            Loopback l = mode.loopback();
            HandshakeTrace t = l.typical();
            rows.add(List.of(mode.mode().cliName(), t.datagramsUp() + " / " + t.datagramsDown(),
                    t.flightsUp() + " / " + t.flightsDown(), Integer.toString(t.bytesUp()),
                    Integer.toString(t.bytesDown()), t.handshakeBytes() + range(l),
                    Integer.toString(t.handshakeBytesWithHeaders()), f1(l.millisP50()), f1(l.millisP95()),
                    f2(l.serverCpuMillis()), f2(l.deviceCpuMillis()),
                    mode.saturation().map(s -> f0(s.handshakesPerSecond())).orElse("–")));
        }
        return Markdown.table(List.of("mode", "datagrams up / down", "flights up / down", "bytes up", "bytes down",
                "handshake bytes", "+IPv4/UDP", "ms p50", "ms p95", "server CPU ms", "device CPU ms",
                "server handshakes/s"), "lrrrrrrrrrrr", rows);
    }

    private static String range(Loopback loopback) {
        return loopback.bytesMin() == loopback.bytesMax() ? ""
                : " (" + loopback.bytesMin() + "–" + loopback.bytesMax() + ")";
    }

    private static String resumption(CompareResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (Mode mode : result.modes()) {
            mode.loopback().resumption().ifPresent(r -> rows.add(List.of(mode.mode().cliName(),
                    r.abbreviated() ? "abbreviated" : "full (no session id to resume)",
                    r.typical().datagramsUp() + " / " + r.typical().datagramsDown(),
                    Integer.toString(r.typical().handshakeBytes()),
                    Integer.toString(mode.loopback().typical().handshakeBytes()), f1(r.millisP50()),
                    f1(r.millisP95()))));
        }
        if (rows.isEmpty()) {
            return "";
        }
        return "## Session resumption\n\nEach device, after its full handshake and first reading, resumes its"
                + " session (RFC 5246 §7.3) before a second reading.\n\n"
                + Markdown.table(List.of("mode", "handshake", "datagrams up / down", "bytes", "full handshake bytes",
                        "ms p50", "ms p95"), "lllrrrr", rows)
                + "\nAn abbreviated handshake leaves out certificates, key exchange and their cryptography. It is"
                + " not small: Scandium's server asks for a cookie again, and each hello carries the 32-byte session"
                + " id. Without a session id (the lean profile) there is nothing to resume and the device runs a full"
                + " handshake; with a connection id (RFC 9146) a device rarely needs either.\n\n";
    }

    private static String records(CompareResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (Mode mode : result.modes()) {
            Loopback l = mode.loopback();
            rows.add(List.of(mode.mode().cliName(), Integer.toString(l.requestRecord()),
                    Integer.toString(l.requestRecordWithoutCid()), Integer.toString(l.responseRecord())));
        }
        int coap = result.modes().get(0).loopback().requestRecordWithoutCid() - RfcMinimum.RECORD - 16;
        return "## Bytes per application record\n\nThe CoAP POST of one reading (text/plain, " + coap + " bytes of"
                + " CoAP) in its DTLS record: 13-byte header, 8-byte explicit nonce and 8-byte CCM_8 tag (RFC 6655);"
                + " with a connection id, the id and one inner content-type byte more (RFC 9146 §4).\n\n"
                + Markdown.table(List.of("mode", "request record, CID as negotiated", "request record, no CID",
                        "response record"), "lrrr", rows) + '\n';
    }

    private static String impaired(CompareResult result) {
        StringBuilder md = new StringBuilder();
        for (Function<Mode, Optional<Impaired>> phase : List.<Function<Mode, Optional<Impaired>>>of(Mode::rtt,
                Mode::loss)) {
            List<List<String>> rows = new ArrayList<>();
            String label = "";
            for (Mode mode : result.modes()) {
                Optional<Impaired> run = phase.apply(mode);
                if (run.isPresent()) {
                    Impaired r = run.get();
                    label = r.link();
                    rows.add(List.of(mode.mode().cliName(), r.completed() + " / " + r.attempts(),
                            f1(100 * r.completion()) + " %", f0(r.millisP50()), f0(r.millisP95()),
                            f2(r.flightRetransmissionsPerHandshake())));
                }
            }
            if (!rows.isEmpty()) {
                md.append("## Fresh devices over the link: ").append(label).append("\n\n").append(Markdown.table(
                        List.of("mode", "completed", "completion", "ms p50", "ms p95", "flight retransmissions"
                                + " per handshake"), "lrrrrr", rows)).append('\n');
            }
        }
        if (md.length() > 0) {
            md.append("Device timers as shipped: first flight timeout 1 s, doubled up to 8 s, 4 retransmissions"
                    + " (RFC 6347 §4.2.4.1); the time is from the request to the moment it could be sent.\n\n");
        }
        return md.toString();
    }

    private static String saturation(CompareResult result) {
        if (result.options().saturation().isZero()) {
            return "";
        }
        List<List<String>> rows = new ArrayList<>();
        for (Mode mode : result.modes()) {
            mode.saturation().ifPresent(s -> rows.add(List.of(mode.mode().cliName(), f0(s.handshakesPerSecond()),
                    f2(s.serverCpuMillis()), f0(s.boundPerSecond(result.cores())))));
        }
        return "## Server at saturation\n\n" + result.options().concurrency() + " devices run full handshakes back to"
                + " back for " + result.options().saturation().toSeconds() + " s per mode, on the same "
                + result.cores() + " cores as the server. The server's own CPU time per handshake in that window"
                + " gives the rate it would reach with the " + result.cores() + " cores to itself (the devices"
                + " need about as much CPU again). It is lower than the CPU time of a fresh device's handshake in"
                + " the first table, which also pays for a new connection and runs less often, so less optimised by"
                + " the JIT.\n\n" + Markdown.table(List.of("mode", "handshakes/s measured",
                        "server CPU ms per handshake", "handshakes/s with the server alone on " + result.cores()
                                + " cores"), "lrrr", rows) + '\n';
    }

    private static String provisioning(CompareResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (Provisioning.Row row : result.provisioning()) {
            rows.add(List.of(row.mode().cliName(), row.deviceBytes() + " B: " + row.deviceHolds(), row.secret(),
                    row.forwardSecrecy(), row.identityBinding(), row.revocation()));
        }
        return Markdown.table(List.of("mode", "provisioned on the device", "must stay secret", "forward secrecy",
                "identity binding", "revocation"), "llllll", rows);
    }

    static List<CredentialMode> modes(CompareResult result) {
        return result.modes().stream().map(Mode::mode).toList();
    }

    static String f0(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }

    static String f1(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String f2(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** The knob sweep as one table row: label, side, each mode's bytes. */
    static List<String> sweepRow(KnobRow row, List<CredentialMode> modes) {
        List<String> cells = new ArrayList<>(List.of(row.label(),
                row.knob().map(k -> k.side().label()).orElse("")));
        for (CredentialMode mode : modes) {
            HandshakeTrace trace = row.traces().get(mode);
            cells.add(trace == null ? "–" : Integer.toString(trace.normalisedBytes()));
        }
        cells.add(row.knob().map(Knob::effect).orElse(""));
        return cells;
    }
}
