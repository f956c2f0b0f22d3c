package io.manometer.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/**
 * The {@code --server URI} option of the commands that play devices against a running server ({@code device},
 * {@code fleet}), and the one rule for what such a URI may be, so every command that takes one ({@code capture}
 * too) refuses the same input with the same line.
 */
public final class ServerOption {

    /** Where {@code ./manometer server} listens by default (RFC 7252 §6.2: coaps on 5684). */
    public static final String DEFAULT = "coaps://127.0.0.1:5684";

    @Option(names = "--server", paramLabel = "URI", defaultValue = DEFAULT,
            description = "Server URI (default: ${DEFAULT-VALUE}).")
    String server;

    /** The parsed {@code --server}; checked when asked for, so a usage error comes with the command's others. */
    public URI uri() {
        return parse(server);
    }

    /** The URI as the user wrote it, for messages. */
    public String text() {
        return server;
    }

    /**
     * Parses a {@code coaps://HOST[:PORT]} URI.
     *
     * @throws CliException (usage) when it is no URI, not coaps, or has no host
     */
    public static URI parse(String text) {
        try {
            URI uri = new URI(text);
            if (!"coaps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new CliException(Cli.USAGE, "--server must be a coaps:// URI such as " + DEFAULT);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException(Cli.USAGE, "--server is not a URI: " + e.getMessage());
        }
    }
}
