package io.manometer.credentials.dtls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Principal;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.TlsKeyLog;
import org.eclipse.californium.scandium.dtls.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes session secrets in the NSS key log format ({@code CLIENT_RANDOM <client random> <master secret>}) so that
 * Wireshark can decrypt captures. Unlike Scandium's {@code TlsKeyLogFile}, which deletes its file at exit and
 * truncates it at 10 kB, this one only ever appends: a capture taken an hour ago must stay decryptable. The file
 * is created owner-only (0600) and opening it logs a warning, because it decrypts everything it covers.
 */
public final class AppendingTlsKeyLog implements TlsKeyLog, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(AppendingTlsKeyLog.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private OutputStream out;

    private AppendingTlsKeyLog(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    public static AppendingTlsKeyLog open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        LOGGER.warn("TLS key log enabled: session secrets are appended to {}; anyone holding this file can decrypt "
                + "the captured traffic. Delete it when done.", file.toAbsolutePath());
        return new AppendingTlsKeyLog(file, out);
    }

    public Path file() {
        return file;
    }

    @Override
    public void append(InetSocketAddress source, Principal principal, Random clientRandom, SecretKey masterSecret) {
        byte[] line = format(clientRandom.getBytes(), masterSecret.getEncoded());
        synchronized (this) {
            if (out == null) {
                return;
            }
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                LOGGER.warn("TLS key log: cannot write to {}: {}", file, e.getMessage());
            }
        }
    }

    /** One NSS key log line; public so tests can check the exact format. */
    public static byte[] format(byte[] clientRandom, byte[] masterSecret) {
        String line = "CLIENT_RANDOM " + HEX.formatHex(clientRandom) + " " + HEX.formatHex(masterSecret) + "\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOGGER.warn("TLS key log: cannot close {}: {}", file, e.getMessage());
            }
            out = null;
        }
    }
}
