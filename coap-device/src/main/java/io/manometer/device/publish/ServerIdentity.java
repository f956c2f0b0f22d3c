package io.manometer.device.publish;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;

/** Describes the server's authenticated identity in lines a person can check against the credentials folder. */
final class ServerIdentity {

    private ServerIdentity() {
    }

    static List<String> describe(Principal principal) {
        List<String> lines = new ArrayList<>();
        if (principal instanceof X509CertPath path) {
            X509Certificate certificate = path.getTarget();
            lines.add("certificate subject: " + certificate.getSubjectX500Principal().getName());
            lines.add("certificate issuer:  " + certificate.getIssuerX500Principal().getName());
            lines.add("certificate valid:   " + certificate.getNotBefore().toInstant() + " .. "
                    + certificate.getNotAfter().toInstant());
            lines.add("certificate SAN:     " + subjectAltNames(certificate));
        } else if (principal instanceof RawPublicKeyIdentity rpk) {
            lines.add("raw public key: sha256:" + fingerprint(rpk.getSubjectInfo()) + " (pinned server.pub)");
        } else if (principal instanceof PreSharedKeyIdentity psk) {
            lines.add("PSK identity '" + psk.getIdentity() + "' (the server proved it holds the same key)");
        } else {
            lines.add("unauthenticated");
        }
        return lines;
    }

    /** SHA-256 over the SubjectPublicKeyInfo, as {@code openssl pkey -pubin -outform der | sha256sum} prints it. */
    static String fingerprint(byte[] subjectPublicKeyInfo) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private static String subjectAltNames(X509Certificate certificate) {
        try {
            if (certificate.getSubjectAlternativeNames() == null) {
                return "none";
            }
            List<String> names = new ArrayList<>();
            certificate.getSubjectAlternativeNames().forEach(name -> names.add(String.valueOf(name.get(1))));
            return String.join(", ", names);
        } catch (CertificateParsingException e) {
            return "unreadable";
        }
    }
}
