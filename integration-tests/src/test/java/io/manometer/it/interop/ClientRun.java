package io.manometer.it.interop;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a finished libcoap client showed: its exit code (which libcoap 4.3.1 leaves at 0 even when the handshake
 * failed, so tests never rely on it alone), the negotiated suite, the response codes of the messages it printed
 * and the payloads it wrote, one per line.
 */
record ClientRun(Libcoap library, int exitCode, String stdout, String stderr, String description) {

    /**
     * A response as libcoap prints it at -v 9: {@code v:1 t:ACK c:2.01 i:fa5f {01} [ ]}. Requests print a method
     * name ({@code c:POST}) and empty ACKs {@code c:0.00}, so neither matches.
     */
    private static final Pattern RESPONSE = Pattern.compile("(?m)^v:1 t:\\S+ c:([2-5]\\.\\d\\d) ");

    static ClientRun of(Libcoap library, int exitCode, ForeignProcess process) {
        return new ClientRun(library, exitCode, process.stdout(), process.stderr(), process.describe());
    }

    Optional<String> suite() {
        return library.negotiatedSuite(stdout);
    }

    /** Codes of the responses and notifications received, in order. */
    List<String> responseCodes() {
        Matcher matcher = RESPONSE.matcher(stdout);
        return matcher.results().map(result -> result.group(1)).toList();
    }

    /** Payloads written to stdout: with {@code -w} each is a line of its own; ours are JSON arrays or objects. */
    List<String> payloads() {
        return payloadLines(stdout);
    }

    static List<String> payloadLines(String stdout) {
        return stdout.lines().filter(line -> line.startsWith("[") || line.startsWith("{")).toList();
    }

    @Override
    public String toString() {
        return description;
    }
}
