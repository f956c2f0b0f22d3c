package io.manometer.bench.libcoap;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.CredentialsLayout;
import io.manometer.credentials.PskFiles;
import io.manometer.protocol.DeviceId;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * libcoap's example server, {@code coap-server-openssl}, as the reference the suite measures Manometer against:
 * started on 127.0.0.1 with {@code -d} (a POST to {@code /pressure} creates that resource, later POSTs update it)
 * and one PSK per device. libcoap listens for plain CoAP on port P and for DTLS on P+1; the server is ready when it
 * answers a CoAP ping (RFC 7252 §4.3) on P. {@link #close()} kills it, also when the run failed half-way.
 * <pre>
 *   coap-server-openssl -A 127.0.0.1 -p P -d 10 -v 4 -h CoAP -k RANDOM -i identities.txt
 *   identities.txt: one line per device, "CoAP,dev-N,&lt;devices/dev-N.psk&gt;" (hint, identity, key)
 * </pre>
 * The default key ({@code -k}) is random and known to nobody, so only the listed identities get in, each with its
 * own key, as with the Manometer server.
 */
public final class LibcoapServer implements AutoCloseable {

    public static final String COMMAND = "coap-server-openssl";
    /** libcoap's default identity hint, set explicitly because every line of the identity file must match it. */
    static final String HINT = "CoAP";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration READY_BOUND = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 5;

    private final Process process;
    private final int dtlsPort;
    private final Path log;
    /** Kills the server when the JVM is stopped (Ctrl-C) before {@link #close()} ran: no orphan keeps its ports. */
    private final Thread killer;

    private LibcoapServer(Process process, int dtlsPort, Path log) {
        this.process = process;
        this.dtlsPort = dtlsPort;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly, "bench-libcoap-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** The server binary on the PATH, if installed (Debian: libcoap3-bin). */
    public static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, COMMAND)).filter(Files::isExecutable).findFirst();
    }

    /** The first line of its usage text, e.g. {@code coap-server-openssl v4.3.1 -- …}, and its TLS library. */
    public static String version(Path binary) {
        try {
            // "-h" without its argument: libcoap prints the usage (version first) and exits
            Process usage = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
            byte[] text = usage.getInputStream().readNBytes(64 * 1024);
            if (!usage.waitFor(10, TimeUnit.SECONDS)) {
                usage.destroyForcibly();
            }
            List<String> lines = new String(text, StandardCharsets.UTF_8).lines().toList();
            String first = lines.stream().filter(l -> l.contains(" v")).findFirst().orElse(COMMAND);
            String tls = lines.stream().filter(l -> l.startsWith("TLS Library:")).findFirst().orElse("");
            return (first.replaceFirst(" -- .*", "") + (tls.isEmpty() ? "" : ", " + tls.strip())).strip();
        } catch (IOException e) {
            return COMMAND + " (version unknown: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return COMMAND + " (version unknown)";
        }
    }

    /**
     * Starts the server in {@code workDir} for devices {@code dev-first} … {@code dev-(first+count-1)}, writing their
     * identity file and the server's log there.
     */
    public static LibcoapServer start(Path binary, CredentialsLayout credentials, int first, int count, Path workDir)
            throws IOException, CredentialsException, InterruptedException {
        Path identities = workDir.resolve("libcoap-identities.txt");
        writeIdentities(credentials, first, count, identities);
        Path log = workDir.resolve("libcoap-server.log");
        byte[] randomKey = new byte[16];
        new SecureRandom().nextBytes(randomKey);
        String defaultKey = HexFormat.of().formatHex(randomKey);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePortPair();
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-A", LOOPBACK, "-p",
                    Integer.toString(port), "-d", "10", "-v", "4", "-h", HINT, "-k", defaultKey, "-i",
                    identities.toString()));
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            LibcoapServer server = new LibcoapServer(process, port + 1, log);
            if (answersPing(port, process)) {
                return server;
            }
            server.close();
        }
        throw new IOException(COMMAND + " did not answer on 127.0.0.1 after " + ATTEMPTS + " attempts; see " + log);
    }

    public URI uri() {
        return URI.create("coaps://" + LOOPBACK + ":" + dtlsPort);
    }

    public Path log() {
        return log;
    }

    /** Kills the process and waits (bounded) until it is gone, so its ports are free again. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(COMMAND + " (pid " + process.pid() + ") did not exit within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeIdentities(CredentialsLayout credentials, int first, int count, Path file)
            throws IOException, CredentialsException {
        StringBuilder lines = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            DeviceId id = DeviceId.of("dev-" + i);
            // the key's ASCII bytes are the PSK (DESIGN.md), which is how libcoap reads -k and -i keys too
            String key = new String(PskFiles.read(credentials.devicePsk(id)), StandardCharsets.US_ASCII);
            lines.append(HINT).append(',').append(id).append(',').append(key).append('\n');
        }
        Files.writeString(file, lines.toString(), StandardCharsets.US_ASCII);
    }

    /** Sends an empty confirmable message to the plain CoAP port until libcoap answers (RST) or the bound passes. */
    private static boolean answersPing(int port, Process process) throws IOException {
        byte[] ping = {0x40, 0x00, 0x12, 0x34};
        long deadline = System.nanoTime() + READY_BOUND.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(100);
            socket.connect(new InetSocketAddress(LOOPBACK, port));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    socket.send(new DatagramPacket(ping, ping.length));
                    socket.receive(answer);
                    return true;
                } catch (SocketTimeoutException e) {
                    // not listening yet: ask again
                } catch (PortUnreachableException e) {
                    // ICMP port unreachable: not bound yet
                }
            }
        }
        return false;
    }

    /** A port P such that UDP and TCP are free on both P and P+1 right now (libcoap binds all four). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                port = probe.getLocalPort();
            }
            if (port < 65535 && free(port) && free(port + 1)) {
                return port;
            }
        }
        throw new IOException("no two consecutive free ports on " + LOOPBACK);
    }

    private static boolean free(int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (DatagramSocket udp = new DatagramSocket(null); ServerSocket tcp = new ServerSocket()) {
            udp.bind(address);
            tcp.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
