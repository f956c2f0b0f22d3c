package io.manometer.server.endpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.californium.elements.PersistentComponentProvider;
import org.eclipse.californium.elements.util.PersistentComponentUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's DTLS connections (session keys, sequence numbers, CIDs) saved across a graceful restart, so devices
 * continue their sessions without a new handshake. The file holds session keys, so it is encrypted and
 * authenticated (AES-256-GCM) with a key kept beside the other server secrets, written 0600, and deleted as soon as
 * it is read: loading the same state twice would reuse record sequence numbers, and with them AEAD nonces.
 * <pre>
 *   "MNMDTLS1" | saved-at (epoch ms, 8 bytes) | nonce (12) | AES-GCM( Californium connection store )
 *   └───────── authenticated as associated data ─────────┘
 * </pre>
 * A missing, stale, corrupt or foreign file is logged once and ignored; devices then simply handshake again.
 */
public final class DtlsStateFile {

    private static final Logger LOGGER = LoggerFactory.getLogger(DtlsStateFile.class);
    private static final byte[] MAGIC = "MNMDTLS1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + Long.BYTES;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final Path file;
    private final Path keyFile;
    private final Duration maxAge;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** {@code keyFile} is created (0600) on the first save if it does not exist. */
    public DtlsStateFile(Path file, Path keyFile, Duration maxAge, Clock clock) {
        this.file = file;
        this.keyFile = keyFile;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /**
     * Loads saved connections into {@code server}'s stopped connectors and deletes the file. Returns the number of
     * connections restored; 0 when there was nothing usable. Never throws.
     */
    public int restore(PersistentComponentProvider server) {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            byte[] sealed = Files.readAllBytes(file);
            Files.delete(file);
            if (sealed.length < HEADER + NONCE || !Arrays.equals(MAGIC, Arrays.copyOf(sealed, MAGIC.length))) {
                LOGGER.warn("ignoring saved DTLS state {}: not a Manometer state file; devices will handshake again",
                        file);
                return 0;
            }
            Instant savedAt = Instant.ofEpochMilli(ByteBuffer.wrap(sealed, MAGIC.length, Long.BYTES).getLong());
            Duration age = Duration.between(savedAt, clock.instant());
            if (age.compareTo(maxAge) > 0 || age.isNegative()) {
                LOGGER.info("ignoring saved DTLS state {}: saved {} ago, older than the maximum age {}", file,
                        age.withNanos(0), maxAge);
                return 0;
            }
            byte[] plain = open(sealed);
            PersistentComponentUtil util = new PersistentComponentUtil();
            util.addProvider(server);
            int restored = Math.max(0, util.loadComponents(new ByteArrayInputStream(plain)));
            Arrays.fill(plain, (byte) 0);
            LOGGER.info("restored {} DTLS connections saved {} ago", restored, age.withNanos(0));
            return restored;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOGGER.warn("ignoring saved DTLS state {}: {}; devices will handshake again", file, describe(e));
            return 0;
        }
    }

    /** Saves the connections of {@code server}'s stopped connectors. Returns the number saved. */
    public int save(PersistentComponentProvider server) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        PersistentComponentUtil util = new PersistentComponentUtil();
        util.addProvider(server);
        int saved = util.saveComponents(plain, maxAge.toSeconds());
        byte[] sealed;
        try {
            sealed = seal(plain.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt DTLS state: " + e.getMessage(), e);
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".dtls-state", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temporary, sealed, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOGGER.info("saved {} DTLS connections to {}", saved, file);
        return saved;
    }

    private byte[] seal(byte[] plain) throws GeneralSecurityException, IOException {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).putLong(clock.millis());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(true), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(header.array());
        byte[] body = cipher.doFinal(plain);
        Arrays.fill(plain, (byte) 0);
        return ByteBuffer.allocate(HEADER + NONCE + body.length).put(header.array()).put(nonce).put(body).array();
    }

    private byte[] open(byte[] sealed) throws GeneralSecurityException, IOException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key(false), "AES"),
                new GCMParameterSpec(TAG_BITS, sealed, HEADER, NONCE));
        cipher.updateAAD(sealed, 0, HEADER);
        return cipher.doFinal(sealed, HEADER + NONCE, sealed.length - HEADER - NONCE);
    }

    /** The state key: 32 random bytes, base64 on one line, created 0600 when saving and none exists yet. */
    private byte[] key(boolean create) throws IOException {
        if (!Files.exists(keyFile)) {
            if (!create) {
                throw new IOException("key file " + keyFile + " is missing");
            }
            byte[] key = new byte[KEY_BYTES];
            random.nextBytes(key);
            Path temporary = Files.createTempFile(keyFile.toAbsolutePath().getParent(), ".dtls-state-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n");
            Files.move(temporary, keyFile, StandardCopyOption.ATOMIC_MOVE);
            return key;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + keyFile + " is not base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IOException("key file " + keyFile + " must hold " + KEY_BYTES + " bytes, holds " + key.length);
        }
        return key;
    }

    private static String describe(Exception e) {
        if (e instanceof AEADBadTagException) {
            return "corrupt, or encrypted with another key";
        }
        if (e instanceof ShortBufferException) {
            return "truncated";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
