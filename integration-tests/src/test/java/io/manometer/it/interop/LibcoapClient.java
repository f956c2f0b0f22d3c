package io.manometer.it.interop;

import io.manometer.credentials.CredentialsLayout;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code coap-client-openssl} / {@code coap-client-gnutls} command, written as README.md writes it and run
 * in the credentials folder, so its file arguments are the documented relative paths ({@code devices/dev-1.crt}).
 * It always runs at {@code -v 9}, the only level at which both builds log the negotiated cipher suite, and with
 * {@code -B} so a silent server cannot hold it for libcoap's default 90 s.
 */
final class LibcoapClient {

    /** libcoap's own bound on waiting for an answer ({@code -B}); the process gets a few seconds more. */
    private static final int BREAK_SECONDS = 5;
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(10);

    private final Libcoap library;
    private final CredentialsLayout layout;
    private final List<String> security = new ArrayList<>();
    private final List<String> request = new ArrayList<>(List.of("-m", "get"));
    private int observeSeconds;

    private LibcoapClient(Libcoap library, CredentialsLayout layout) {
        this.library = library;
        this.layout = layout;
    }

    static LibcoapClient of(Libcoap library, CredentialsLayout layout) {
        return new LibcoapClient(library, layout);
    }

    /** {@code -u ID -k "$(cat devices/ID.psk)"}: libcoap takes the PSK as the ASCII string it is. */
    LibcoapClient psk(String id) {
        security.addAll(List.of("-u", id, "-k", pskOf(layout, id)));
        return this;
    }

    /** {@code -c devices/ID.crt -j KEY -C ca.crt}: mutual X.509, the server's certificate checked against the CA. */
    LibcoapClient certificate(String id, String keyFile) {
        security.addAll(List.of("-c", "devices/" + id + ".crt", "-j", keyFile, "-C", "ca.crt"));
        return this;
    }

    /** {@code -M KEY}: a raw public key (RFC 7250) from an EC private key file (GnuTLS only). */
    LibcoapClient rawPublicKey(String keyFile) {
        security.addAll(List.of("-M", keyFile));
        return this;
    }

    /** {@code -C ca.crt}: verify a certificate the server presents (here beside a raw public key of our own). */
    LibcoapClient trustingCa() {
        security.addAll(List.of("-C", "ca.crt"));
        return this;
    }

    LibcoapClient post(ContentFormat format, String payload) {
        request.clear();
        request.addAll(List.of("-m", "post", "-t", Integer.toString(format.number()), "-e", payload));
        return this;
    }

    /** {@code -s SECONDS}: observe (RFC 7641) for that long; {@code -w} puts each payload on a line of its own. */
    LibcoapClient observe(int seconds) {
        observeSeconds = seconds;
        request.addAll(List.of("-s", Integer.toString(seconds)));
        return this;
    }

    /** Runs the request to {@code uri} and waits (bounded) for the client to exit. */
    ClientRun run(URI uri) {
        try (ForeignProcess process = start(uri)) {
            int exit = process.awaitExit(exitBound());
            return ClientRun.of(library, exit, process);
        }
    }

    /** Starts the request and leaves the waiting to the test (for observe); the test closes the process. */
    ForeignProcess start(URI uri) {
        List<String> command = new ArrayList<>(List.of(library.client().require(), "-v", "9",
                "-B", Integer.toString(BREAK_SECONDS)));
        command.addAll(security);
        command.addAll(request);
        command.add("-w");
        command.add(uri.toString());
        return ForeignProcess.start(layout.root(), command, false);
    }

    /** Bound for a started observe request, from its {@code -s} duration. */
    Duration exitBound() {
        return Duration.ofSeconds(BREAK_SECONDS + observeSeconds).plus(EXIT_MARGIN);
    }

    static String pskOf(CredentialsLayout layout, String id) {
        try {
            return Files.readString(layout.devicePsk(DeviceId.of(id))).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
