package io.manometer.credentials;

import java.security.SecureRandom;

/**
 * Generates pre-shared keys as printable ASCII, because libcoap and most device SDKs take the PSK as a string
 * ({@code coap-client -k KEY}) and use its bytes as the key. 32 characters from 62 give 190 bits of entropy, well
 * above the 128 bits RFC 7925 §4.2 asks for.
 */
public final class PskGenerator {

    public static final int LENGTH = 32;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;

    public PskGenerator(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        StringBuilder key = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    /** Entropy of one generated key, in bits. */
    public static double entropyBits() {
        return LENGTH * Math.log(ALPHABET.length()) / Math.log(2);
    }
}
