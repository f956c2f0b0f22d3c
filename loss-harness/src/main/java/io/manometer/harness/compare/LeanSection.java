package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.CompareResult.KnobRow;
import io.manometer.harness.compare.CompareResult.Minimum;
import io.manometer.harness.compare.CompareResult.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The lean profile in the report: each knob's measured effect on every mode, whether lean meets the 15 % target
 * against the RFC minimum, the HelloVerifyRequest trade-off in numbers, and the properties files that give the real
 * server and devices the same configuration.
 */
final class LeanSection {

    /** Issue #6: lean handshakes within 15 % of the RFC-derived DTLS 1.2 minimum. */
    static final double TARGET_PERCENT = 15;

    private LeanSection() {
    }

    static String write(CompareResult result) {
        List<CredentialMode> modes = CompareReport.modes(result);
        StringBuilder md = new StringBuilder("## The lean profile\n\n");
        md.append("Each row adds one knob to the row above, from Manometer's defaults to the lean profile; the rows"
                + " after it add, on top of lean, a knob lean leaves out, and the last one runs the lean device"
                + " against the default server. Bytes per full handshake, signatures at 71 B.\n\n");
        List<String> header = new ArrayList<>(List.of("configuration", "side"));
        modes.forEach(mode -> header.add(mode.cliName()));
        header.add("saves / costs");
        List<List<String>> rows = new ArrayList<>();
        for (KnobRow row : result.sweep()) {
            rows.add(CompareReport.sweepRow(row, modes));
        }
        md.append(Markdown.table(header, "ll" + "r".repeat(modes.size()) + "l", rows)).append('\n');
        md.append(interoperability(result, modes)).append(target(result, modes)).append(helloVerify(result, modes))
                .append(properties(modes));
        return md.toString();
    }

    /** The lean device against the default server: it must work, and what it saves on its own. */
    private static String interoperability(CompareResult result, List<CredentialMode> modes) {
        List<String> savings = new ArrayList<>();
        for (CredentialMode mode : modes) {
            Optional<HandshakeTrace> defaults = result.sweepTrace(Step.DEFAULT, mode);
            Optional<HandshakeTrace> mixed = result.sweepTrace(Step.LEAN_DEVICE_DEFAULT_SERVER, mode);
            if (defaults.isPresent() && mixed.isPresent()) {
                savings.add(mode.cliName() + " " + (defaults.get().normalisedBytes() - mixed.get().normalisedBytes())
                        + " B");
            }
        }
        return savings.isEmpty() ? "" : "The last row is the interoperability check: the lean device completed its"
                + " handshake and stored its reading with the default server in every mode, and its own knobs"
                + " alone save " + String.join(", ", savings) + ".\n\n";
    }

    private static String target(CompareResult result, List<CredentialMode> modes) {
        StringBuilder md = new StringBuilder();
        for (CredentialMode mode : modes) {
            Optional<HandshakeTrace> lean = result.sweepTrace(Step.LEAN, mode);
            if (lean.isEmpty()) {
                continue;
            }
            Minimum minimum = result.minima().get(mode);
            double excess = minimum.excessPercent(lean.get());
            md.append(String.format(Locale.ROOT, "- %s: lean %d B, minimum %d B (%s): %+.1f %%, %s%n",
                    mode.cliName(), lean.get().normalisedBytes(), minimum.matching(lean.get()).total(),
                    minimum.matching(lean.get()).helloVerify() ? "with HelloVerifyRequest" : "without",
                    excess, excess <= TARGET_PERCENT ? "within the 15 % target" : "above the 15 % target"));
        }
        return md.length() == 0 ? "" : "Against the 15 % target:\n\n" + md + "\nWhat remains above the minimum is"
                + " what Scandium sends beyond the bare formats and lean keeps on purpose: extended_master_secret"
                + " (4 B in each hello, RFC 7627), the connection id (5 B in each ClientHello, 7 B in ServerHello with"
                + " a 2-byte id, 3 B in the device's Finished, RFC 9146), the 2-byte extensions length these need in"
                + " a PSK hello, ec_point_formats (6 B in each hello of the ECDHE modes; Scandium always sends it"
                + " although RFC 8422 §5.1.2 makes it optional) and, for X.509, the CA's name in"
                + " CertificateRequest (47 B).\n\n";
    }

    private static String helloVerify(CompareResult result, List<CredentialMode> modes) {
        Optional<KnobRow> without = result.sweep().stream()
                .filter(row -> row.knob().equals(Optional.of(Knob.NO_HELLO_VERIFY_REQUEST))).findFirst();
        if (without.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("HelloVerifyRequest stays on in lean. Without it a spoofed"
                + " ClientHello makes the server send its whole first flight to the victim (RFC 6347 §4.2.1); the"
                + " amplification that buys an attacker, measured as server flight / ClientHello:\n\n");
        for (CredentialMode mode : modes) {
            HandshakeTrace trace = without.get().traces().get(mode);
            if (trace != null && trace.flightBytes().size() > 1) {
                md.append(String.format(Locale.ROOT, "- %s: %d B for a %d-byte ClientHello, x%.1f%n",
                        mode.cliName(), trace.flightBytes().get(1), trace.flightBytes().get(0),
                        (double) trace.flightBytes().get(1) / trace.flightBytes().get(0)));
            }
        }
        return md.append("\nFor PSK the server's answer is about the ClientHello's size and costs it no"
                + " cryptography, so a PSK-only deployment may switch the cookie off (`DTLS.USE_HELLO_VERIFY_REQUEST"
                + "=false` on the server) and save a round trip; with certificates, and for ECDHE (the server"
                + " computes a key pair per ClientHello), keep it. Scandium's switch is per server, not per mode, and"
                + " one Manometer server serves all modes.\n\n").toString();
    }

    private static String properties(List<CredentialMode> modes) {
        StringBuilder md = new StringBuilder("The lean profile for the real CLIs (`lean/` in the output folder):"
                + "\n\n```properties\n# lean/server.properties: ./manometer server --config lean/server.properties"
                + "\n");
        Profile.LEAN.serverProperties().forEach(line -> md.append(line).append('\n'));
        for (CredentialMode mode : modes) {
            md.append("\n# lean/device-").append(mode.cliName()).append(".properties: ./manometer device --mode ")
                    .append(mode.cliName()).append(" --config lean/device-").append(mode.cliName())
                    .append(".properties")
                    .append(Profile.LEAN.cipherSuite(mode).map(s -> " --cipher-suite " + s.name()).orElse(""))
                    .append('\n');
            Profile.LEAN.deviceProperties(mode).forEach(line -> md.append(line).append('\n'));
        }
        return md.append("```\n\n").toString();
    }
}
