package io.manometer.harness.cli;

import io.manometer.cli.Cli;
import io.manometer.cli.CliException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code host:port} the way URLs write it ({@code 127.0.0.1:5684}, {@code [::1]:5684}, {@code localhost:0}). */
final class HostPort {

    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)\\]:([0-9]{1,5})");
    private static final Pattern PLAIN = Pattern.compile("([^:\\[\\]]+):([0-9]{1,5})");

    private HostPort() {
    }

    /** The resolved address, or a usage error naming {@code option}. */
    static InetSocketAddress parse(String option, String text) {
        Matcher m = BRACKETED.matcher(text.trim());
        if (!m.matches()) {
            m = PLAIN.matcher(text.trim());
        }
        if (!m.matches()) {
            throw new CliException(Cli.USAGE, option + ": expected HOST:PORT (IPv6 as [::1]:5684), got '" + text
                    + "'");
        }
        int port = Integer.parseInt(m.group(2));
        if (port > 65535) {
            throw new CliException(Cli.USAGE, option + ": port must be 0..65535, got " + port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(m.group(1)), port);
        } catch (UnknownHostException e) {
            throw new CliException(Cli.USAGE, option + ": unknown host '" + m.group(1) + "'");
        }
    }

    /** The URL form of an address: IPv6 in brackets. */
    static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
