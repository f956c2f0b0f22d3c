package io.manometer.it.interop;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two libcoap 4.3 builds a Debian system installs ({@code libcoap3-bin}), which differ in what their TLS library
 * can do (OpenSSL: no raw public keys, no ECDHE-PSK server) and in how they log the negotiated cipher suite at
 * {@code -v 9}.
 */
enum Libcoap {
    OPENSSL(ForeignTool.COAP_CLIENT_OPENSSL, ForeignTool.COAP_SERVER_OPENSSL,
            Pattern.compile("Using cipher: (\\S+)")),
    GNUTLS(ForeignTool.COAP_CLIENT_GNUTLS, ForeignTool.COAP_SERVER_GNUTLS,
            Pattern.compile("Selected cipher suite: (\\S+)"));

    private final ForeignTool client;
    private final ForeignTool server;
    private final Pattern cipherLine;

    Libcoap(ForeignTool client, ForeignTool server, Pattern cipherLine) {
        this.client = client;
        this.server = server;
        this.cipherLine = cipherLine;
    }

    ForeignTool client() {
        return client;
    }

    ForeignTool server() {
        return server;
    }

    /** The cipher suite of the last handshake in a {@code -v 9} transcript, in IANA spelling. */
    Optional<String> negotiatedSuite(String transcript) {
        Matcher matcher = cipherLine.matcher(transcript);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return Optional.ofNullable(last).map(SuiteNames::iana);
    }
}
