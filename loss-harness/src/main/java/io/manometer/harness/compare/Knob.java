package io.manometer.harness.compare;

import io.manometer.credentials.dtls.CredentialMode;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.DocumentedDefinition;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * One Scandium setting that changes the size of a DTLS 1.2 handshake, with the side it is set on, because a byte
 * budget is only worth spending when one knows what it buys. {@link Profile#LEAN} is the set marked {@code lean};
 * the others are measured too, to show what they would save and why the lean profile keeps them. Every knob is a
 * plain {@code DTLS.*} property (or the device's {@code --cipher-suite}), so the real CLIs take it via
 * {@code --config FILE}.
 */
public enum Knob {

    MULTI_MESSAGE_RECORDS("several handshake messages per record", Side.BOTH, true,
            "-13 B per extra message in a flight (RFC 6347 §4.2.3 allows it; some stacks cannot read it)",
            List.of(new Setting(DtlsConfig.DTLS_USE_MULTI_HANDSHAKE_MESSAGE_RECORDS, "true", Modes.ALL))),
    NO_SESSION_ID("no session id", Side.SERVER, true,
            "-32 B in ServerHello; the session cannot be resumed (RFC 5246 §7.4.1.3)",
            List.of(new Setting(DtlsConfig.DTLS_SERVER_USE_SESSION_ID, "false", Modes.ALL))),
    SHORT_CID("2-byte connection id", Side.SERVER, true,
            "-4 B in ServerHello and in every record to the server (RFC 9146 §3); 65 536 ids, enough for ~650"
                    + " devices at Californium's 1 % fill advice",
            List.of(new Setting(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, "2", Modes.ALL))),
    ONE_CURVE_ONE_SIGNATURE("P-256 and ECDSA-SHA256 only", Side.BOTH, true,
            "-6 B supported_groups; -2 B signature_algorithms and -3 B CertificateRequest for X.509"
                    + " (RFC 7925 §4.3-4.4)",
            List.of(new Setting(DtlsConfig.DTLS_CURVES, "secp256r1", Modes.ECDHE),
                    new Setting(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS, "SHA256withECDSA", Modes.CERTIFICATE),
                    new Setting(DtlsConfig.DTLS_CERTIFICATE_KEY_ALGORITHMS, "EC", Modes.CERTIFICATE))),
    NO_RENEGOTIATION_INDICATION("no renegotiation indication", Side.DEVICE, true,
            "-2 B SCSV in ClientHello, -5 B renegotiation_info in ServerHello; safe with Scandium, which refuses"
                    + " every renegotiation (RFC 5746 §5)",
            List.of(new Setting(DtlsConfig.DTLS_SECURE_RENEGOTIATION, "NONE", Modes.ALL))),
    ONE_CIPHER_SUITE("one cipher suite offered", Side.DEVICE, true,
            "-2 B per suite not offered (ECDHE-PSK offers its CBC variant for Wireshark by default)",
            List.of()),
    NO_HELLO_VERIFY_REQUEST("no HelloVerifyRequest", Side.SERVER, false,
            "-60 B HelloVerifyRequest and -(ClientHello + 32 B cookie) plus one round trip; but a spoofed"
                    + " ClientHello then makes the server send its whole flight (RFC 6347 §4.2.1)",
            List.of(new Setting(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST, "false", Modes.ALL))),
    NO_CONNECTION_ID("no connection id", Side.DEVICE, false,
            "-5 B ClientHello, -7 B ServerHello, -(CID + 1) B per record to the server; a NAT rebinding then"
                    + " needs a new handshake (RFC 9146 §1)",
            List.of(new Setting(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, "-1", Modes.ALL))),
    NO_EXTENDED_MASTER_SECRET("no extended master secret", Side.DEVICE, false,
            "-4 B in each hello; but the master secret is no longer bound to the handshake (RFC 7627 §1)",
            List.of(new Setting(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE, "NONE", Modes.ALL)));

    /** Where a knob is set: on the device, on the server, or on both for the same effect in each direction. */
    public enum Side {
        DEVICE, SERVER, BOTH;

        boolean device() {
            return this != SERVER;
        }

        boolean server() {
            return this != DEVICE;
        }

        /** Lower case, for reports. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The modes a setting applies to; Scandium refuses curves without ECDHE and signatures without certificates. */
    enum Modes {
        ALL, ECDHE, CERTIFICATE;

        boolean includes(CredentialMode mode) {
            return switch (this) {
                case ALL -> true;
                case ECDHE -> mode != CredentialMode.PSK;
                case CERTIFICATE -> !mode.usesPsk();
            };
        }
    }

    /** One property of a knob: its Californium key, its value as text, and the device modes it applies to. */
    record Setting(DocumentedDefinition<?> key, String value, Modes modes) {
        /** The line in a {@code .properties} file. */
        String line() {
            return key.getKey() + "=" + value;
        }
    }

    private final String title;
    private final Side side;
    private final boolean lean;
    private final String effect;
    private final List<Setting> settings;

    Knob(String title, Side side, boolean lean, String effect, List<Setting> settings) {
        this.title = title;
        this.side = side;
        this.lean = lean;
        this.effect = effect;
        this.settings = settings;
    }

    /** The knobs of {@link Profile#LEAN}. */
    public static Set<Knob> lean() {
        Set<Knob> knobs = EnumSet.noneOf(Knob.class);
        for (Knob knob : values()) {
            if (knob.lean) {
                knobs.add(knob);
            }
        }
        return knobs;
    }

    public String title() {
        return title;
    }

    public Side side() {
        return side;
    }

    public boolean inLean() {
        return lean;
    }

    /** What the knob saves and what it costs, in one line. */
    public String effect() {
        return effect;
    }

    /** The settings of this knob that a device in {@code mode} takes. */
    List<Setting> deviceSettings(CredentialMode mode) {
        return side.device() ? settings.stream().filter(s -> s.modes().includes(mode)).toList() : List.of();
    }

    /** The settings the server takes (it serves every mode, so all of them). */
    List<Setting> serverSettings() {
        return side.server() ? settings : List.of();
    }

    /** The one suite a device offers under {@link #ONE_CIPHER_SUITE}: its mode's first, RFC 7925's choice. */
    Optional<CipherSuite> cipherSuite(CredentialMode mode) {
        return this == ONE_CIPHER_SUITE && mode.defaultSuites().size() > 1 ? Optional.of(mode.defaultSuites().get(0))
                : Optional.empty();
    }

    static void apply(List<Setting> settings, Configuration config) {
        for (Setting setting : settings) {
            config.setFromText(setting.key(), setting.value());
        }
    }
}
