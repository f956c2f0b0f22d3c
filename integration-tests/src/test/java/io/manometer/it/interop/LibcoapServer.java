package io.manometer.it.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.manometer.credentials.CredentialsLayout;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code coap-server-openssl} / {@code coap-server-gnutls} on 127.0.0.1, run in the credentials folder with
 * {@code -d} so that a POST to {@code /pressure} creates the resource and a later GET returns the last payload.
 * libcoap listens on plain CoAP at port P and on DTLS at P+1 (and on TCP/TLS at both), so the fixture picks a free
 * pair and waits for libcoap's own "created DTLS endpoint" log line; if the pair was taken meanwhile it tries again.
 */
final class LibcoapServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration READY_BOUND = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 5;

    private final ForeignProcess process;
    private final int dtlsPort;

    private LibcoapServer(ForeignProcess process, int dtlsPort) {
        this.process = process;
        this.dtlsPort = dtlsPort;
    }

    /** {@code -k "$(cat devices/ID.psk)"}: libcoap's server takes this key for any PSK identity. */
    static List<String> psk(CredentialsLayout layout, String id) {
        return List.of("-k", LibcoapClient.pskOf(layout, id));
    }

    /** {@code -c server.crt -j KEY -C ca.crt}: our server certificate, and device certificates checked. */
    static List<String> certificate(String keyFile) {
        return List.of("-c", "server.crt", "-j", keyFile, "-C", "ca.crt");
    }

    /** {@code -M KEY}: the server's key pair as a raw public key (GnuTLS only). */
    static List<String> rawPublicKey(String keyFile) {
        return List.of("-M", keyFile);
    }

    static LibcoapServer start(Libcoap library, CredentialsLayout layout, List<String> security) {
        String binary = library.server().require();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePortPair();
            List<String> command = new ArrayList<>(List.of(binary, "-A", LOOPBACK, "-p", Integer.toString(port),
                    "-d", "10", "-v", "7"));
            command.addAll(security);
            ForeignProcess process = ForeignProcess.start(layout.root(), command, false);
            String ready = "created DTLS endpoint " + LOOPBACK + ":" + (port + 1);
            boolean listening = process.awaitOutput(log -> log.contains(ready)
                    || log.contains("cannot create DTLS endpoint"), READY_BOUND);
            if (listening && process.transcript().contains(ready)) {
                return new LibcoapServer(process, port + 1);
            }
            process.close();
            if (attempt == ATTEMPTS) {
                fail(library.server() + " did not listen after " + ATTEMPTS + " attempts\n" + process.describe());
            }
        }
        throw new IllegalStateException("unreachable");
    }

    URI uri() {
        return URI.create("coaps://" + LOOPBACK + ":" + dtlsPort);
    }

    /** Everything the server logged so far (at -v 7: handshakes, alerts, TLS library errors). */
    String log() {
        return process.transcript();
    }

    /** Waits (bounded) until the server logged {@code text}; its log lags the peer's view by a moment. */
    void awaitLog(String text) {
        process.awaitOutput(text, Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        process.close();
    }

    /** A port P such that UDP and TCP are free on both P and P+1 right now. */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                port = probe.getLocalPort();
            } catch (IOException e) {
                continue;
            }
            if (port < 65535 && free(port) && free(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two consecutive free ports on " + LOOPBACK);
    }

    private static boolean free(int port) {
        InetSocketAddress address = new InetSocketAddress(LOOPBACK, port);
        try (DatagramSocket udp = new DatagramSocket(null); ServerSocket tcp = new ServerSocket()) {
            udp.bind(address);
            tcp.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
