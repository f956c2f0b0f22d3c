package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.CompareResult.Minimum;
import io.manometer.harness.compare.CompareResult.Step;
import io.manometer.harness.compare.HandshakeTrace.Sent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The report's byte sections: measured sizes beside the RFC minimum and the IETF DTLS 1.3 figures, where each
 * mode's bytes go part by part, and why each difference is there, read from the messages actually sent.
 */
final class ByteBreakdown {

    private ByteBreakdown() {
    }

    /** Default, lean, DTLS 1.2 minimum, DTLS 1.3: one row per mode. */
    static String published(CompareResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (CredentialMode mode : modes(result)) {
            Minimum minimum = result.minima().get(mode);
            Optional<HandshakeTrace> defaults = result.sweepTrace(Step.DEFAULT, mode);
            Optional<HandshakeTrace> lean = result.sweepTrace(Step.LEAN, mode);
            rows.add(List.of(mode.cliName(), bytes(defaults), bytes(lean),
                    minimum.helloVerify().total() + " / " + minimum.plain().total(),
                    lean.map(t -> String.format(Locale.ROOT, "%+.1f %%", minimum.excessPercent(t))).orElse("–"),
                    defaults.map(t -> String.format(Locale.ROOT, "%+.0f %%", minimum.excessPercent(t))).orElse("–"),
                    IetfFigures.dtls13(mode).map(IetfFigures::range).orElse("–")));
        }
        return Markdown.table(List.of("mode", "measured, default", "measured, lean",
                "DTLS 1.2 minimum, with / without HVR", "lean vs. minimum", "default vs. minimum",
                "DTLS 1.3 (IETF), without–with CID"), "lrrrrrr", rows);
    }

    /** Where the bytes go in one mode: each part in the minimum, the default and the lean handshake. */
    static String parts(CompareResult result, CredentialMode mode) {
        Minimum minimum = result.minima().get(mode);
        Optional<HandshakeTrace> defaults = result.sweepTrace(Step.DEFAULT, mode);
        Optional<HandshakeTrace> lean = result.sweepTrace(Step.LEAN, mode);
        Set<String> names = new LinkedHashSet<>(minimum.helloVerify().parts().keySet());
        defaults.ifPresent(t -> names.addAll(t.parts().keySet()));
        lean.ifPresent(t -> names.addAll(t.parts().keySet()));
        List<List<String>> rows = new ArrayList<>();
        for (String name : names) {
            rows.add(List.of(name, part(minimum.helloVerify().parts().get(name)),
                    defaults.map(t -> part(t.parts().get(name))).orElse("–"),
                    lean.map(t -> part(t.parts().get(name))).orElse("–")));
        }
        rows.add(List.of("**total** (signatures at 71 B)", "**" + minimum.helloVerify().total() + "**",
                "**" + bytes(defaults) + "**", "**" + bytes(lean) + "**"));
        return Markdown.table(List.of("part", "minimum + HVR", "default", "lean"), "lrrr", rows);
    }

    /** Why the default handshake of {@code mode} is larger than the minimum, one reason per line. */
    static List<String> reasons(CompareResult result, CredentialMode mode) {
        List<String> reasons = new ArrayList<>();
        Optional<HandshakeTrace> found = result.sweepTrace(Step.DEFAULT, mode);
        if (found.isEmpty()) {
            return reasons;
        }
        HandshakeTrace trace = found.get();
        Minimum minimum = result.minima().get(mode);
        Integer hvr = trace.parts().get("HelloVerifyRequest");
        if (hvr != null) {
            reasons.add("HelloVerifyRequest (RFC 6347 §4.2.1): " + hvr + " B, plus the ClientHello sent again with"
                    + " its 32-byte cookie, plus one round trip; the minimum without it is "
                    + minimum.plain().total() + " B");
        }
        int records = trace.recordsUp() + trace.recordsDown();
        long minimumRecords = minimum.matching(trace).lines().stream()
                .filter(line -> line.part().equals(HandshakeTrace.RECORD_HEADERS)).count();
        if (records > minimumRecords) {
            reasons.add(records + " records instead of " + minimumRecords + ": one handshake message per record costs"
                    + " 13 B per extra record (" + (13 * (records - minimumRecords)) + " B)");
        }
        int cid = trace.parts().getOrDefault(HandshakeTrace.RECORD_HEADERS, 0) - RfcMinimum.RECORD * records;
        if (cid > 0) {
            reasons.add("connection id (RFC 9146 §4): the device's Finished is a tls12_cid record carrying the"
                    + " server's " + cid + "-byte id and one inner content-type byte");
        }
        for (Sent sent : trace.messages()) {
            HandshakeMessage message = sent.message();
            if (message.type() == HandshakeMessage.SERVER_HELLO) {
                message.sessionIdLength().filter(length -> length > 0).ifPresent(length -> reasons.add(
                        "ServerHello carries a " + length + "-byte session id, for resumption (RFC 5246 §7.4.1.3)"));
                reasons.add("ServerHello extensions: " + extensions(message));
            }
        }
        lastClientHello(trace).ifPresent(hello -> {
            reasons.add("ClientHello extensions: " + extensions(hello) + (hvr != null ? ", sent twice" : ""));
            hello.cipherSuiteCount().filter(count -> count > 1).ifPresent(count -> reasons.add("ClientHello offers "
                    + count + " cipher suite values (the renegotiation SCSV of RFC 5746 §3.3 counts as one): "
                    + (2 * (count - 1)) + " B more than one suite"));
        });
        Integer request = trace.parts().get("CertificateRequest");
        Integer minimal = minimum.plain().parts().get("CertificateRequest");
        if (request != null && minimal != null && request > minimal) {
            reasons.add("CertificateRequest " + request + " B instead of " + minimal + ": more certificate types and"
                    + " signature algorithms" + (request - minimal > 20 ? ", and the CA's distinguished name"
                    + " (RFC 5246 §7.4.4), which helps only devices with intermediate CAs: Scandium never sends a"
                    + " self-signed root, so our devices send their own certificate either way" : ""));
        }
        return reasons;
    }

    /** The RFC minimum of {@code mode}, message by message, with the HelloVerifyRequest exchange. */
    static String derivation(CompareResult result, CredentialMode mode) {
        RfcMinimum.Handshake handshake = result.minima().get(mode).helloVerify();
        List<List<String>> rows = new ArrayList<>();
        for (RfcMinimum.Line line : handshake.lines()) {
            rows.add(List.of(Integer.toString(line.flight()), line.fromDevice() ? "device" : "server", line.part(),
                    Integer.toString(line.bytes()), line.derivation()));
        }
        rows.add(List.of("", "", "**total with HVR / without (flights 1–2 and the cookie dropped)**",
                "**" + handshake.total() + " / " + result.minima().get(mode).plain().total() + "**", ""));
        return Markdown.table(List.of("flight", "from", "part", "bytes", "derivation"), "rllrl", rows);
    }

    private static Optional<HandshakeMessage> lastClientHello(HandshakeTrace trace) {
        return trace.messages().stream().map(Sent::message).filter(m -> m.type() == HandshakeMessage.CLIENT_HELLO)
                .reduce((first, second) -> second);
    }

    private static String extensions(HandshakeMessage hello) {
        if (hello.extensions().isEmpty()) {
            return "none";
        }
        return hello.extensions().stream()
                .map(e -> HandshakeMessage.extensionName(e.type()) + " " + e.wireLength() + " B")
                .collect(Collectors.joining(", "));
    }

    private static List<CredentialMode> modes(CompareResult result) {
        return result.modes().stream().map(CompareResult.Mode::mode).toList();
    }

    private static String bytes(Optional<HandshakeTrace> trace) {
        return trace.map(t -> Integer.toString(t.normalisedBytes())).orElse("–");
    }

    private static String part(Integer bytes) {
        return bytes == null ? "–" : bytes.toString();
    }
}
