package io.manometer.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import org.eclipse.californium.elements.util.SslContextUtil;
import org.eclipse.californium.elements.util.SslContextUtil.Credentials;

/**
 * Reads and writes the PEM files of a credentials folder. Reading goes through Californium's
 * {@link SslContextUtil}, the same parser the DTLS stack trusts; writing is plain RFC 7468 text, created atomically
 * with owner-only permissions for anything secret.
 */
public final class PemFiles {

    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    /** RFC 7468 §2: lines of exactly 64 characters but the last. */
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private PemFiles() {
    }

    /** Loads keys and certificates from one or more PEM files read as one stream (e.g. key + certificate chain). */
    public static Credentials load(Path... files) throws CredentialsException {
        List<InputStream> streams = new ArrayList<>();
        try {
            for (Path file : files) {
                streams.add(Files.newInputStream(file));
            }
            Enumeration<InputStream> all = Collections.enumeration(streams);
            return SslContextUtil.loadPemCredentials(new SequenceInputStream(all));
        } catch (NoSuchFileException e) {
            throw new CredentialsException(e.getFile() + " not found");
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new CredentialsException("cannot read " + describe(files) + ": " + e.getMessage(), e);
        } finally {
            for (InputStream stream : streams) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // nothing was written, nothing to lose
                }
            }
        }
    }

    public static PublicKey loadPublicKey(Path file) throws CredentialsException {
        PublicKey key = load(file).getPublicKey();
        if (key == null) {
            throw new CredentialsException(file + " holds no public key");
        }
        return key;
    }

    public static X509Certificate[] loadCertificates(Path file) throws CredentialsException {
        Credentials credentials = load(file);
        X509Certificate[] chain = credentials.getCertificateChain();
        if (chain != null && chain.length > 0) {
            return chain;
        }
        if (credentials.getTrustedCertificates() != null && credentials.getTrustedCertificates().length > 0) {
            return SslContextUtil.asX509Certificates(credentials.getTrustedCertificates());
        }
        throw new CredentialsException(file + " holds no certificate");
    }

    public static String encodeCertificates(X509Certificate... chain) throws CertificateEncodingException {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : chain) {
            pem.append(encode("CERTIFICATE", certificate.getEncoded()));
        }
        return pem.toString();
    }

    public static String encode(String label, byte[] der) {
        String body = BASE64.encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** Writes {@code text} to {@code file} via a temporary file that already has the final permissions. */
    public static void write(Path file, String text, Set<PosixFilePermission> permissions) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PRIVATE));
        try {
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.setPosixFilePermissions(temporary, permissions);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String describe(Path... files) {
        return String.join(" + ", Arrays.stream(files).map(Path::toString).toList());
    }
}
